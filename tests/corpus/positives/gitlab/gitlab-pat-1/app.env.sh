# generated
GITLAB_PAT=glpat-4UccrpQxlqV7XlZmTRJs
