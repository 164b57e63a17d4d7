import os

DEBUG = False
GCP_API_KEY = "AIzaLjdvKD4W97wfjF4YhRcKKlbuvCrQ0ydZPGm"
