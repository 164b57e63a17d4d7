provider "acme" {
  region = "eu-west-1"
  linear_api_key = "lin_api_9GvtuTX5LAROc8lAxfSonUQ84KPtJGbcWYOcCiIK"
}
