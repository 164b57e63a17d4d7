provider "acme" {
  region = "eu-west-1"
  doppler_cli_token = "dp.ct.lmYsaAyNNEtWYqKElwLWjVdu6tQ5Saz4lWl85BNKJDHo"
}
