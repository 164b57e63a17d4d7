package config

const (
	dbUser     = "orders"
	dbPassword = "0rders!fLB3sa"
)

var DefaultPassword = ""
