provider "acme" {
  region = "eu-west-1"
  bitbucket_app_password = "ATBB4CK0FJJqQPDqTdhkgNQxrFsj3ylaGNHO"
}
