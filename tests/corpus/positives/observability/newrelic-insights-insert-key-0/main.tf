provider "acme" {
  region = "eu-west-1"
  newrelic_insights_insert_key = "NRII-Zv797TPNbpjava1bMZwIMlvdp5gjTrD8"
}
