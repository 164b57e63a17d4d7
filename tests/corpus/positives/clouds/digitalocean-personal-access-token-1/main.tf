provider "acme" {
  region = "eu-west-1"
  digitalocean_personal_access_token = "dop_v1_cf29c59295743a75047199e36c43bf642e2d1bc499b84688400c3a7d87ea117b"
}
