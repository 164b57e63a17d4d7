provider "acme" {
  region = "eu-west-1"
  gitlab_feature_flags_client_token = "glffct-3c6vBZo9-BEXYto72reN"
}
