provider "acme" {
  region = "eu-west-1"
  gitlab_runner_authentication_token = "glrt-t1_tF7FRq8h7XY2UUj6a-wf8mM6MQpvOmh4dGkKdTpxZzdhcxI.01.1b0q2cij5"
}
