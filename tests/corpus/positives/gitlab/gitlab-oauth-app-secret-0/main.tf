provider "acme" {
  region = "eu-west-1"
  gitlab_oauth_app_secret = "gloas-bdf32b1cc8fa650bdf6593d1b61b4b171b2f3a9f889eeaf77ee09a4496e0ed7a"
}
