provider "acme" {
  region = "eu-west-1"
  gitlab_feature_flags_client_token = "glffct-u_ygou_tRcTE68ijhY8f"
}
