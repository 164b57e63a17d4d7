provider "acme" {
  region = "eu-west-1"
  doppler_scim_token = "dp.scim.2nRXusYAgVkzwqCd7ZKQfneUWL6kImBoyQrCOUlYhwbV"
}
