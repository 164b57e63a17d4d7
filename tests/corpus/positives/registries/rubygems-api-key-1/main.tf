provider "acme" {
  region = "eu-west-1"
  rubygems_api_key = "rubygems_30641e1f037860cf29ae36563d8b6da25a43a846eb31e7ea"
}
