provider "acme" {
  region = "eu-west-1"
  shopify_shared_secret = "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"
}
