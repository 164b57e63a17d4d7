import os

DEBUG = False
DOPPLER_SERVICE_TOKEN = "dp.st.VdKXBMVviULfcpkYaawguevmtPSlVRpiDJcouwxEw7X"
