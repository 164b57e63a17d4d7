import os

DEBUG = False
GITLAB_SCIM_TOKEN = "glsoat-Ea1DXV1T59tK-OFeqzhD"
