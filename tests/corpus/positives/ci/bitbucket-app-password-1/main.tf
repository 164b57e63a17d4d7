provider "acme" {
  region = "eu-west-1"
  bitbucket_app_password = "ATBB1AK0FJJqQPDqTdhkgNQxrFsj3ylaGNHO"
}
