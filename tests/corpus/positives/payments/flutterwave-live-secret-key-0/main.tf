provider "acme" {
  region = "eu-west-1"
  flutterwave_live_secret_key = "FLWSECK-02b61f3dcb09bbceb3f4a70b20426ad9-X"
}
