provider "acme" {
  region = "eu-west-1"
  stripe_webhook_signing_secret = "whsec_e002d3167d53e5753dc98fa36a1009aecac22ae386fb856967b282e2a7c91a5a"
}
