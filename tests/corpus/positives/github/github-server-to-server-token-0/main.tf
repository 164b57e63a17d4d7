provider "acme" {
  region = "eu-west-1"
  github_server_to_server_token = "ghs_Bmft2gdiFrbkTPnZx9FwVWLS5kbbhl2uU1J4"
}
