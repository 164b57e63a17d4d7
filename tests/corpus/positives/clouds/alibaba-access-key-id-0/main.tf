provider "acme" {
  region = "eu-west-1"
  alibaba_access_key_id = "LTAIP3iwmw6CAfHeuRrmbwtd"
}
