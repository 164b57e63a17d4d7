provider "acme" {
  region = "eu-west-1"
  netlify_access_token = "nfo_yrCIAlPT5U3QtwcOigLaGR0hsAQOoETsYcB4"
}
