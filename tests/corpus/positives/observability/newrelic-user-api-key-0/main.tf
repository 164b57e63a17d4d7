provider "acme" {
  region = "eu-west-1"
  newrelic_user_api_key = "NRAK-47BD9G2LBC7RD0SMA2SLLQYCKGA"
}
