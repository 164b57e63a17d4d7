import os

SECRET_KEY = os.environ["SECRET_KEY"]
API_TOKEN = os.getenv("API_TOKEN", "")
DB_PASSWORD = settings.get("db_password")
PASSWORD_FIELD = "password"
TOKEN_URL = "https://auth.example.com/oauth/token"
