provider "acme" {
  region = "eu-west-1"
  gitlab_agent_token = "glagent-pMrPmz_E7fuwf1CjrjeAP5hrMa1fnjnNyjjNunkcWCjJ52wO-N"
}
