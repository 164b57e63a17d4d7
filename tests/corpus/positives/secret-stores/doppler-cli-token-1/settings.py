import os

DEBUG = False
DOPPLER_CLI_TOKEN = "dp.ct.wmYsaAyNNEtWYqKElwLWjVdu6tQ5Saz4lWl85BNKJDHo"
