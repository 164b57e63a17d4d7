provider "acme" {
  region = "eu-west-1"
  slack_bot_token = "xoxb-411524493909-3668587840057-7u6yB54HkJlpobluliGGxGRJ"
}
