provider "acme" {
  region = "eu-west-1"
  clojars_deploy_token = "CLOJARS_6ffacefd697312bba82af983eadec108b08c3ce052e96819b8ac3e6dfeb6"
}
