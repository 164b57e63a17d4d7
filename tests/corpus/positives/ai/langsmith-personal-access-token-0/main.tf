provider "acme" {
  region = "eu-west-1"
  langsmith_personal_access_token = "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"
}
