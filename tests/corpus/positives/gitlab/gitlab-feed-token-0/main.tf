provider "acme" {
  region = "eu-west-1"
  gitlab_feed_token = "glft-nWHRvlF6vSwgIOXpOJ5G"
}
