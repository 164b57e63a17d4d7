provider "acme" {
  region = "eu-west-1"
  gcp_oauth_access_token = "ya29.k0cIK13PluubvO8QDnwi_jlYkGnyHQjrSJSIuGYzS_dxSh7X2Iz7YDv1Qot5Bj093Y5B2TqMjdT73qkCC61Rs7gc4nvQDFBxUZRMBs7gckyttd6_N1aDNAF7bU"
}
