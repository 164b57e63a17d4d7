import os

DEBUG = False
RUBYGEMS_API_KEY = "rubygems_30641e1f037860cf29ae36563d8b6da25a43a846eb31e7ea"
