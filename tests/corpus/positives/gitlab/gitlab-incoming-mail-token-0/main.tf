provider "acme" {
  region = "eu-west-1"
  gitlab_incoming_mail_token = "glimt-g0se3kf28l3cth3p2kkr56cr7"
}
