import os

DEBUG = False
BREVO_SMTP_KEY = "xsmtpsib-e0ca48b3814a2f182f8d557bfcf37dcc15dffb545f4802449f94ea5b1e56aa54-K57HoMubKeMYTxVP"
