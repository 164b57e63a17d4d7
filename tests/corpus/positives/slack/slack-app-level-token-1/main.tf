provider "acme" {
  region = "eu-west-1"
  slack_app_level_token = "xapp-9-A04RZQ04X9V-2389366057872-30c6c63c686f40df85e62b0f2fae8e02b5c8415fce9409e0b1ce69f4f928a9a9"
}
