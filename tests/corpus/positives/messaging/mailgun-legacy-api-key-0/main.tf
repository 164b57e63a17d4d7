provider "acme" {
  region = "eu-west-1"
  mailgun_legacy_api_key = "key-9e30886638c8803cb5fa6f755a166ea4"
}
