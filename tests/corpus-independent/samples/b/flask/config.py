import os

class Config:
    SECRET_KEY = b'\x8fFNYDch\xe1\x0cfwCEEJ8V\x9a'
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")

class DevConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev"
