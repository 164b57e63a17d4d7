provider "acme" {
  region = "eu-west-1"
  shopify_access_token = "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"
}
