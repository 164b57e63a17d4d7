import os

DEBUG = False
GITHUB_OAUTH_TOKEN = "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"
