import os

DEBUG = False
BREVO_API_KEY = "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"
