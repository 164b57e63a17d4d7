provider "acme" {
  region = "eu-west-1"
  gitlab_pipeline_trigger_token = "glptt-6f4590641e1f037860cf29ae36563d8b6da25a43"
}
