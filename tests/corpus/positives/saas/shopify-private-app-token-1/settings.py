import os

DEBUG = False
SHOPIFY_PRIVATE_APP_TOKEN = "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"
