provider "acme" {
  region = "eu-west-1"
  groq_api_key = "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"
}
