provider "acme" {
  region = "eu-west-1"
  clickup_personal_api_token = "pk_31065431_EBO7YKU5S6JCSA9HMHAP4A6J198LICFW"
}
