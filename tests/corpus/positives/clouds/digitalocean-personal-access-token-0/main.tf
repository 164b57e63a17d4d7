provider "acme" {
  region = "eu-west-1"
  digitalocean_personal_access_token = "dop_v1_5190136a11fbc7518ff70ceaf646ce44e562df9a55f65beaf62685567279c1a7"
}
