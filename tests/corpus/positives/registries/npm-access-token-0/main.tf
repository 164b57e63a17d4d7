provider "acme" {
  region = "eu-west-1"
  npm_access_token = "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"
}
