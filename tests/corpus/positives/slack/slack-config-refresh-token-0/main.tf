provider "acme" {
  region = "eu-west-1"
  slack_config_refresh_token = "xoxe-7-KinjkMXyUeOLC6rPfFEZY6pjKt2927omNT73vLNSzHApPnJdqQpi8NUz0BhDzzE9ysnpodIH04fM8IRadyTBzoGrgxGxH8YFLeTDVSorbbEciPjnupIdNjPs8WgPJIfRQiBTictGQrEd"
}
