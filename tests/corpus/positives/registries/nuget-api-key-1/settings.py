import os

DEBUG = False
NUGET_API_KEY = "oy2hth3p2kkr56cr73yqtv1njr4ji7w378mdwaln7lqu74"
