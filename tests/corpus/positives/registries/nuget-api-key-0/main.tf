provider "acme" {
  region = "eu-west-1"
  nuget_api_key = "oy27cgpc928pxtiql403s1oyz1wr2k0qp11v0se3kf28l3"
}
