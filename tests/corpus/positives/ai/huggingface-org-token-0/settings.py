import os

DEBUG = False
HUGGINGFACE_ORG_TOKEN = "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"
