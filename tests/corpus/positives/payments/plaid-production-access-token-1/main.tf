provider "acme" {
  region = "eu-west-1"
  plaid_production_access_token = "access-production-17fefa6a-b9f2-4be3-b4f9-9b77ee51a912"
}
