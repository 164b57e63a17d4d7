provider "acme" {
  region = "eu-west-1"
  gcp_api_key = "AIzaHidvKD4W97wfjF4YhRcKKlbuvCrQ0ydZPGm"
}
