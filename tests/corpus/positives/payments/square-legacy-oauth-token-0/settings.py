import os

DEBUG = False
SQUARE_LEGACY_OAUTH_TOKEN = "sq0atp-zdqNCIEPx3mnPQC4vkRB5r"
