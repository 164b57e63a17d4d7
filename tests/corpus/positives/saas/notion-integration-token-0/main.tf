provider "acme" {
  region = "eu-west-1"
  notion_integration_token = "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"
}
