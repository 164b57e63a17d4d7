# generated
GITLAB_SCIM_TOKEN=glsoat-n3NJTOakeJ5pkjGHy0VL
