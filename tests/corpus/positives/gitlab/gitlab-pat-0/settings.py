import os

DEBUG = False
GITLAB_PAT = "glpat-lXJklg2TcF6qjcANF3Pf"
