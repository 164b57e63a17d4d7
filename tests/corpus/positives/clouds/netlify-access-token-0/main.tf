provider "acme" {
  region = "eu-west-1"
  netlify_access_token = "nfp_lnMnJIi8PoEDeFWEFXx3wV6d4KX6J2PdZ39F"
}
