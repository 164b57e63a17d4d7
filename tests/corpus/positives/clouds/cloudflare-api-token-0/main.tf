provider "acme" {
  region = "eu-west-1"
  cloudflare_api_token = "cfut_R81PDgia7DL1HNRxZ9flpcSNFoOwMnNMe5QEHk3pmJQOlS"
}
