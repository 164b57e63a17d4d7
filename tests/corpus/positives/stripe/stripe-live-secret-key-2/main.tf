provider "acme" {
  region = "eu-west-1"
  stripe_live_secret_key = "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"
}
