provider "acme" {
  region = "eu-west-1"
  square_legacy_oauth_token = "sq0atp-zdqNCIEPx3mnPQC4vkRB5r"
}
