provider "acme" {
  region = "eu-west-1"
  newrelic_browser_key = "NRJS-38c6414ce9da201e0c0"
}
