provider "acme" {
  region = "eu-west-1"
  doppler_service_account_token = "dp.sa.92FZ1Id0knAVl8tSPeAL6IecvbIUrPab8iFocpUB"
}
