provider "acme" {
  region = "eu-west-1"
  brevo_api_key = "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"
}
