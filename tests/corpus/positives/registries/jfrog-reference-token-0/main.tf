provider "acme" {
  region = "eu-west-1"
  jfrog_reference_token = "cmVmdAtuOjAxOjE4ODA1MDIwMjM6a3p3cUNkN1pLUWZuZVVXTDZrSW1Cb3lRckNP"
}
