provider "acme" {
  region = "eu-west-1"
  square_access_token = "EAAAx0tcL21pffWQJEeNajnez0LHtfROUrWW6XnI3EM3HMRb1OcWrhQ7TTJ-chc9"
}
