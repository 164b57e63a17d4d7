provider "acme" {
  region = "eu-west-1"
  openrouter_api_key = "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"
}
