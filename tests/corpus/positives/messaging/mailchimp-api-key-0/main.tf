provider "acme" {
  region = "eu-west-1"
  mailchimp_api_key = "7a98910e80b281e2fdeffa165c9bf184-us73"
}
