import os

DEBUG = False
AZURE_ENTRA_CLIENT_SECRET = "6Y37Q~Tl.34YCt..JTuAc2XFalzak9uufnwEH.bX"
