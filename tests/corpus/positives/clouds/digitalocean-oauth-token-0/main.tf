provider "acme" {
  region = "eu-west-1"
  digitalocean_oauth_token = "doo_v1_e0da3ce90ebaea755624025a4ea09b80722fab5a938ae06e1b568d845b462b6d"
}
