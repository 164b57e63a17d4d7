provider "acme" {
  region = "eu-west-1"
  slack_user_token = "xoxp-6496082040-32217380337-2419399546480-41cd532733057360ee9c66dd01d53fb0"
}
