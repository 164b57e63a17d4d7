provider "acme" {
  region = "eu-west-1"
  alibaba_access_key_id = "LTAIxTCe2JpY9fWg"
}
