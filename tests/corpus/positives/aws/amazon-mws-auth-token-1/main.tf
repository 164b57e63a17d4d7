provider "acme" {
  region = "eu-west-1"
  amazon_mws_auth_token = "amzn.mws.72030b85-6433-4e26-b7f7-c92d45d131ed"
}
