provider "acme" {
  region = "eu-west-1"
  gitlab_pat = "glpat-cXJklg2TcF6qjcANF3Pf"
}
