provider "acme" {
  region = "eu-west-1"
  gitlab_agent_token = "glagent-dUb2HNCwkAx6uhjdGFn12WM6MQpvOmRjZzcKdToxamttMGwT.01.1c08dmhmi"
}
