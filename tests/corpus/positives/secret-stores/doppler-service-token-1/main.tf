provider "acme" {
  region = "eu-west-1"
  doppler_service_token = "dp.st.VdKXBMVviULfcpkYaawguevmtPSlVRpiDJcouwxEw7X"
}
