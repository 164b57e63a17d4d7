provider "acme" {
  region = "eu-west-1"
  sentry_org_auth_token = "sntrys_eyJrYXQiOjE3MjI1NjA1MTgsInVybCI6Imh0dHBzOi8vc2VudHJ5LmlvIiwicmVnaW9uX3VybCI6Imh0dHBzOi8vdXMuc2VudHJ5LmlvIiwib3JnIjoiYWNtZS1jb3JwIn0=_FVRdxtDyKUOtfZUTqr8aFvnKbnHFbDfj3u+ypO09RnK"
}
