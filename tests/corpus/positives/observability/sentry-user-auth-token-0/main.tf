provider "acme" {
  region = "eu-west-1"
  sentry_user_auth_token = "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"
}
