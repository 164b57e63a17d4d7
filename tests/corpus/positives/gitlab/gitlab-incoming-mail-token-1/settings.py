import os

DEBUG = False
GITLAB_INCOMING_MAIL_TOKEN = "glimt-7yqtv1njr4ji7w378mdwaln7"
