import os

DEBUG = False
DOPPLER_PERSONAL_TOKEN = "dp.pt.agn3dmeQLB7VA0yuLx1cMdTB5Rafu1sBEfT1MQc19yal"
