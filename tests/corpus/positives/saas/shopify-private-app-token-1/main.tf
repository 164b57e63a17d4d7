provider "acme" {
  region = "eu-west-1"
  shopify_private_app_token = "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"
}
