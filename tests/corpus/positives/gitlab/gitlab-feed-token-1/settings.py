import os

DEBUG = False
GITLAB_FEED_TOKEN = "glft-fwarg907u3n3t4e0rp22"
