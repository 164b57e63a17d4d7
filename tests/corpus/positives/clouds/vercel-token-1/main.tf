provider "acme" {
  region = "eu-west-1"
  vercel_token = "vck_h1h8h6NujhTC44YecM2d1KkXhG53hT5FYcDwBQBI03bLj5vO"
}
