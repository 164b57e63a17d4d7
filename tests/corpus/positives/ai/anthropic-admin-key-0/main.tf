provider "acme" {
  region = "eu-west-1"
  anthropic_admin_key = "sk-ant-admin01-yd9-Ho9kN8cb6mLN78l6_FbogYOcIUabj2y_9cpBrBkFtT14zT-RyRaEZYzt5aSL9z65r8xSi22c6RYA3k9JBgY2w7KaYAA"
}
