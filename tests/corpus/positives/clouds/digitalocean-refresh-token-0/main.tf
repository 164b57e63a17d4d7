provider "acme" {
  region = "eu-west-1"
  digitalocean_refresh_token = "dor_v1_a09af9551d403ed74a24791d7dac6efae33e9073b1794e32f1d4ced3ba126b5f"
}
