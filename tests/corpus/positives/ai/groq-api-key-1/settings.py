import os

DEBUG = False
GROQ_API_KEY = "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"
