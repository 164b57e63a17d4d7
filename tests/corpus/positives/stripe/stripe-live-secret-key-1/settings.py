import os

DEBUG = False
STRIPE_LIVE_SECRET_KEY = "sk_live_lsL4F28GzL2cEpVZzAQlxJ4S"
