provider "acme" {
  region = "eu-west-1"
  github_user_to_server_token = "ghu_uaoZlaWeOW6adsI39oDDffxEY2rRNr3YaRmg"
}
