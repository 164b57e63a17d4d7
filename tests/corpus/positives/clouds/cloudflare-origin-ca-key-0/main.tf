provider "acme" {
  region = "eu-west-1"
  cloudflare_origin_ca_key = "v1.0-7b040752bc4952b146d60f5a-452f0ffd48166d0280b85af50dc9794a1095f5998d5f7e1d0c5edc552575b9a69954ff6cbe2631c85def90aebfead9c976740be3cb8840d37449c9a5aed60c67f4b5e159bb9331c267"
}
