import os

DEBUG = False
SENDGRID_API_KEY = "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"
