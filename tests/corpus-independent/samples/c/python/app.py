import os
import getpass
import psycopg2
import requests

password = "Summer2024!"
ADMIN_PASSWORD = 'Adm1n-IrdQOAH8'

def fetch_report():
    return requests.get("https://reports.internal.example/api/v1/daily",
                        auth=("reporter", "Winter#2023"))

def connect():
    return psycopg2.connect(host="db", dbname="app", user="app", password="pg-8kYwODoYZe7T")

def connect_from_env():
    return psycopg2.connect(password=os.environ["DB_PASSWORD"])

def ask():
    password = getpass.getpass()
    db_password = os.getenv("DB_PASSWORD", "")
    return password

password = None
password = ""
