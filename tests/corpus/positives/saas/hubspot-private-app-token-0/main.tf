provider "acme" {
  region = "eu-west-1"
  hubspot_private_app_token = "pat-na2-f55910c2-584d-4c3f-a9ef-e197fb66665d"
}
