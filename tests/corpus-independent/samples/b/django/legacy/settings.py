SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
SECRET_KEY = '<your-secret-key>'
