provider "acme" {
  region = "eu-west-1"
  stripe_live_secret_key = "sk_live_ysL4F28GzL2cEpVZzAQlxJ4S"
}
