import os

DEBUG = False
PLANETSCALE_PASSWORD = "pscale_pw_dOKli0VyJajNZ6GrWp1jWvOJAiIlWm8hv9dAZYRxkSS"
