import os

DEBUG = False
PERPLEXITY_API_KEY = "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"
