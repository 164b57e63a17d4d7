provider "acme" {
  region = "eu-west-1"
  gitlab_runner_registration_token = "GR1348941giUws27DuN34Z6raP0va"
}
