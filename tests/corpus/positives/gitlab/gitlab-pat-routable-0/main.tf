provider "acme" {
  region = "eu-west-1"
  gitlab_pat_routable = "glpat-nJtkLWaszwHcYtbqviSSy2M6MQpvOmNoeTMKdTp4eGtrbhI.01.1b1bpdq3c"
}
