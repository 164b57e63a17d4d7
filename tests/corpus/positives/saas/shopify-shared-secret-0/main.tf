provider "acme" {
  region = "eu-west-1"
  shopify_shared_secret = "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"
}
