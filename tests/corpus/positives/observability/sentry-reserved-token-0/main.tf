provider "acme" {
  region = "eu-west-1"
  sentry_reserved_token = "sntryi_ce6f58de9b9d56191e28c2f2388dc10da5bffacefd697312bba82af983eadec1"
}
