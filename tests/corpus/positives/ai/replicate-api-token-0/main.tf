provider "acme" {
  region = "eu-west-1"
  replicate_api_token = "r8_Ao0TDzWolzZIBhD3cZjOi2CPynkM054bCIbwN"
}
