provider "acme" {
  region = "eu-west-1"
  paystack_live_secret_key = "sk_live_bdc508343494cb260b4f72bf3af0bede9e4ec695"
}
