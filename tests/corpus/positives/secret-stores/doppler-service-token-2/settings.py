import os

DEBUG = False
DOPPLER_SERVICE_TOKEN = "dp.st.cev_personal.34XXMZMhZLH4KUdIH6TkYLcQpSgbPf30mGttMv1G"
