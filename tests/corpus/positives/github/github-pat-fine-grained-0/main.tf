provider "acme" {
  region = "eu-west-1"
  github_pat_fine_grained = "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"
}
