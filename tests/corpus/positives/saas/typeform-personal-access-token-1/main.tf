provider "acme" {
  region = "eu-west-1"
  typeform_personal_access_token = "tfp_SVzqHeyIaHORpdoSoPGBpv52WuUFMyqPIB9xcLftjzZH_njEmK7iyBBlqUP"
}
