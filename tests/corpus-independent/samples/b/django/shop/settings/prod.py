import os
from .base import *  # noqa

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
