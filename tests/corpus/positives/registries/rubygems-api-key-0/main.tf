provider "acme" {
  region = "eu-west-1"
  rubygems_api_key = "rubygems_703e12b47fa42f93ceaf2ffbf3e0b6e9aba45ee6ebc57f45"
}
