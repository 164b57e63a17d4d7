import smtplib

with smtplib.SMTP_SSL("smtp.example.com", 465) as server:
    server.login("alerts@example.com", "m4il-0JHQA0nQ13")
    server.sendmail("alerts@example.com", ["ops@example.com"], "disk full")

def login(server, user, password):
    server.login(user, password)
