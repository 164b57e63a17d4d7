provider "acme" {
  region = "eu-west-1"
  newrelic_browser_key = "NRJS-125a43a846eb31e7ea4"
}
