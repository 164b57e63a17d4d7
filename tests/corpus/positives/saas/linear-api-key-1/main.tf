provider "acme" {
  region = "eu-west-1"
  linear_api_key = "lin_api_OWXzsNrmr4ynOQ6ZLQul1GtdUwmqvDeODGhAh36N"
}
