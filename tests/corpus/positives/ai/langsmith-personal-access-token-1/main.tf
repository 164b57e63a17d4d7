provider "acme" {
  region = "eu-west-1"
  langsmith_personal_access_token = "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"
}
