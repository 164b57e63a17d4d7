provider "acme" {
  region = "eu-west-1"
  newrelic_insights_query_key = "NRIQ-IvE9rwLbAtf6e9cpCGybY9lMR4pAwBp3"
}
