import os

DEBUG = False
NPM_ACCESS_TOKEN = "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"
