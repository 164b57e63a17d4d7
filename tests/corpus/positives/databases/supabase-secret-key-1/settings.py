import os

DEBUG = False
SUPABASE_SECRET_KEY = "sb_secret_zVXsn9ACZSnodieS_kB5nF_dsO6qcrX"
