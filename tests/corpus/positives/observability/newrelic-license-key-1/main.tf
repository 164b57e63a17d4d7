provider "acme" {
  region = "eu-west-1"
  newrelic_license_key = "b0b9d2993134b65ab3adf32b1cc8fa650bdfNRAL"
}
