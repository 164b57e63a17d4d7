provider "acme" {
  region = "eu-west-1"
  gcp_api_key = "AIzaZtUXtvEXUVsCUJqEm-HHU04umGpjwYrwyOM"
}
