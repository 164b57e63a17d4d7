provider "acme" {
  region = "eu-west-1"
  pulumi_access_token = "pul-7753e37876d6dd9f9b9f5f9707d5bbd933e4a241"
}
