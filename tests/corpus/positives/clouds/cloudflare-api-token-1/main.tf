provider "acme" {
  region = "eu-west-1"
  cloudflare_api_token = "cfat_Jc4J1FMbOa0yemYCQwVePkQ2oA0dkjPatNdPgOQW9b0IErK1"
}
