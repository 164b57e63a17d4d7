from flask import Flask

app = Flask(__name__)
app.config['SECRET_KEY'] = '03455867f3b98d7b19e9dbdc3af3cc3667ce28d210d818d2'
app.secret_key = "f1ask-7QhCk5frQWux50Ah"
