import os

DEBUG = False
LINEAR_API_KEY = "lin_api_OWXzsNrmr4ynOQ6ZLQul1GtdUwmqvDeODGhAh36N"
