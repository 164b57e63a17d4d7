provider "acme" {
  region = "eu-west-1"
  cloudflare_global_api_key = "cfk_CNSmDPYleMRVMV141EF0lJ1SI2DOcKJQNVDnBetvkxBbIZ"
}
