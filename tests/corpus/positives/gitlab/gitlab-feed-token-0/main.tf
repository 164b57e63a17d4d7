provider "acme" {
  region = "eu-west-1"
  gitlab_feed_token = "glft-rWHRvlF6vSwgIOXpOJ5G"
}
