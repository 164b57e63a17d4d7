package main

import (
	"database/sql"
	"net/smtp"
	"os"
)

func main() {
	db, _ := sql.Open("mysql", "app:G0lang-Pw@tcp(127.0.0.1:3306)/app?parseTime=true")
	defer db.Close()
	auth := smtp.PlainAuth("", "alerts@example.com", "sm7p-wY05sy4Mtp", "smtp.example.com")
	_ = auth
	envAuth := smtp.PlainAuth("", "alerts@example.com", os.Getenv("SMTP_PASSWORD"), "smtp.example.com")
	_ = envAuth
}
