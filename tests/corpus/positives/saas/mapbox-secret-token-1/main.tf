provider "acme" {
  region = "eu-west-1"
  mapbox_secret_token = "sk.eyJ8IjoiYWNtZS10bGpycyIsImEiOiJrbnN2MXZpcW16cWVjaGplb2FxazQ3eG9wIn0.IzHn8FzDklhcsJo1eGlvfu"
}
