provider "acme" {
  region = "eu-west-1"
  braintree_production_access_token = "access_token$production$gfc67pg9g9d9ulep$57ec8bcbd2c7d5df4c453ffe54864a79"
}
