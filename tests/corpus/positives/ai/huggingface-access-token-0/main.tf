provider "acme" {
  region = "eu-west-1"
  huggingface_access_token = "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"
}
