provider "acme" {
  region = "eu-west-1"
  github_pat_classic = "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"
}
