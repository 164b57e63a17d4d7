provider "acme" {
  region = "eu-west-1"
  github_oauth_token = "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"
}
