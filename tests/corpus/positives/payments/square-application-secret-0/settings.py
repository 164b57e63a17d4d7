import os

DEBUG = False
SQUARE_APPLICATION_SECRET = "sq0csp-p9hTCzppvEJqa-ZgIFI2g8Pahqfpgi9el-OuOjSXXMx"
