provider "acme" {
  region = "eu-west-1"
  slack_config_refresh_token = "xoxe-5-8JwWvR7gMxgMYwxY88OrZE5sGM9jbcvB1OawRITd3QeSIGNXBBApYlkNcbLW9U0wRlsb53c9pKY75oze6xh7M6epoJmgaSzfG2rLPodHHH6zB6YijBiDVxd9KlH0C8BM80Z3PCkFMi2wjbqTlj"
}
