provider "acme" {
  region = "eu-west-1"
  gitlab_workspace_token = "glwt-ubZCxhqup71Wi3WmEpw0"
}
