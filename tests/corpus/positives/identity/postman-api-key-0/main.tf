provider "acme" {
  region = "eu-west-1"
  postman_api_key = "PMAK-d344370483503ae03c37837a-52525ee6365106ca3503034a4eaae19b80"
}
