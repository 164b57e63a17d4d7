provider "acme" {
  region = "eu-west-1"
  circleci_project_api_token = "CCIPRJ_RnYgy7xT6Vd5pZp96CQMLE_82170905f4ec5a399fc47f5edbada514e287ba05"
}
