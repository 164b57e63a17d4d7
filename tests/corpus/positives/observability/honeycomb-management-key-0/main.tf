provider "acme" {
  region = "eu-west-1"
  honeycomb_management_key = "hcamk_v1hsui0qfju2w5syk2z9medc1h:70d08asckl3cy0s1b9b2k1boqij60tkx"
}
