import os

DEBUG = False
HUBSPOT_PRIVATE_APP_TOKEN = "pat-na8-f55910c2-584d-4c3f-a9ef-e197fb66665d"
