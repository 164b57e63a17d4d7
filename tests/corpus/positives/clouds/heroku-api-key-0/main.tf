provider "acme" {
  region = "eu-west-1"
  heroku_api_key = "HRKU-MAFXHZvHJlvAdIu30LhVxVRApuJ5FXqFpqSBZ9KpVag1n6Gg1RHKEhWEuLC0"
}
