provider "acme" {
  region = "eu-west-1"
  doppler_personal_token = "dp.pt.myba834hK0K8VJULW95b6r6ZAx1MaW5W76Iyxqn7"
}
