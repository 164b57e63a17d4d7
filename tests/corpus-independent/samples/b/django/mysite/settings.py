from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = "django-insecure-a*(2y!!&5ud^2m0%tr_kaa61&+3@4q9a%5+*r%1u*2eco*%do9"

DEBUG = True
ALLOWED_HOSTS = []
