import os

DEBUG = False
PLAID_PRODUCTION_ACCESS_TOKEN = "access-production-07fefa6a-b9f2-4be3-b4f9-9b77ee51a912"
