import os

DEBUG = False
GITHUB_PAT_CLASSIC = "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"
