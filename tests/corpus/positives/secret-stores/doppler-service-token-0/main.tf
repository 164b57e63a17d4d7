provider "acme" {
  region = "eu-west-1"
  doppler_service_token = "dp.st.frd.zBCpo2pJx3SzXl5HhPt4aVY5d7GHmezRPWz31qvx"
}
