provider "acme" {
  region = "eu-west-1"
  adyen_api_key = "AQEAbAM+ifvpSSV/AIcOkn3NTjZj4NrgcfomlHJ4onIMHctnxQK084cmQbb9xkz8eRBFRt3ZjnT1K6dG6R8-wqvfs1hnmqlyxxxK1fGYcdBhNB2KAXZMuqQTV1gxfMA=-j%U2i;BFShQE34kG"
}
