provider "acme" {
  region = "eu-west-1"
  clickup_personal_api_token = "pk_17257981_MPGRIJY6W476SIQPLR5SNK0GL2GSGYXM"
}
