provider "acme" {
  region = "eu-west-1"
  docker_hub_organization_access_token = "dckr_oat_R6qgMF_L0g2jxNBs2MSw3jq2JflD00MG"
}
