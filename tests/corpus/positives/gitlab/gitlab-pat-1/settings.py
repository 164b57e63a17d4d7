import os

DEBUG = False
GITLAB_PAT = "glpat-4UccrpQxlqV7XlZmTRJs"
