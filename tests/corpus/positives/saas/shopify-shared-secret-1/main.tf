provider "acme" {
  region = "eu-west-1"
  shopify_shared_secret = "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"
}
