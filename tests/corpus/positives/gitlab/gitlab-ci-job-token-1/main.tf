provider "acme" {
  region = "eu-west-1"
  gitlab_ci_job_token = "glcbt-26_fd1F90L0r1cpMYcBL3Fv"
}
