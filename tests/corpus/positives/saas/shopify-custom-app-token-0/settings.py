import os

DEBUG = False
SHOPIFY_CUSTOM_APP_TOKEN = "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"
