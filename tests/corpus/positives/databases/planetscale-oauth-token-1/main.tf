provider "acme" {
  region = "eu-west-1"
  planetscale_oauth_token = "pscale_oauth_tM5BWSEf5HxWSQ1vARcZ5vIN0jpqyzBX7xA9_DU5MvH"
}
