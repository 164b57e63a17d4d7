import os

SECRET_KEY = 'q@9#(x=t$k+2m!v7&zr)w-pf^c0yh%s3b8n*e4_l1ud6oj5ga'
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "blog",
        "USER": "blog",
        "PASSWORD": "bl0g-Db-pass",
        "HOST": "localhost",
    }
}
