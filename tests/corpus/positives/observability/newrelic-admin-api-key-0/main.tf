provider "acme" {
  region = "eu-west-1"
  newrelic_admin_api_key = "NRAA-39222a2bed27a584d21b54fa897"
}
