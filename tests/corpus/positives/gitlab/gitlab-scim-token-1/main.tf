provider "acme" {
  region = "eu-west-1"
  gitlab_scim_token = "glsoat-La1DXV1T59tK-OFeqzhD"
}
