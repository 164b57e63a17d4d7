provider "acme" {
  region = "eu-west-1"
  replicate_api_token = "r8_Yz0TDzWolzZIBhD3cZjOi2CPynkM054bCIbwN"
}
