provider "acme" {
  region = "eu-west-1"
  docker_hub_personal_access_token = "dckr_pat_uhgXOsoF-FJPIZGbeZGKt6zToFg"
}
