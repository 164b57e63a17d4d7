provider "acme" {
  region = "eu-west-1"
  tencent_cloud_secret_id = "AKIDHfCm1p5aFEkUh2BEjJQaXZcXCNWUjixc"
}
