provider "acme" {
  region = "eu-west-1"
  crates_io_api_token = "cio2yND2M9Njpl2keF3N5mUYhXtakt7eKdI"
}
