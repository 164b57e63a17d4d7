import os

DEBUG = False
CRATES_IO_API_TOKEN = "cio0yND2M9Njpl2keF3N5mUYhXtakt7eKdI"
