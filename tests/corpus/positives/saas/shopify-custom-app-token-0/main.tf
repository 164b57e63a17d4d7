provider "acme" {
  region = "eu-west-1"
  shopify_custom_app_token = "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"
}
