provider "acme" {
  region = "eu-west-1"
  gitlab_runner_registration_token = "GR1348941MNWm5LC0gJaDf_liWlRH"
}
