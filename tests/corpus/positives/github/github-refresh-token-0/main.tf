provider "acme" {
  region = "eu-west-1"
  github_refresh_token = "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"
}
