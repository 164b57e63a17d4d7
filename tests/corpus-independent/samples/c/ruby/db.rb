ActiveRecord::Base.establish_connection(
  adapter:  "postgresql",
  host:     "pg.internal",
  username: "reports",
  password: "Rails-Pg-9"
)
smtp_password = ENV.fetch("SMTP_PASSWORD")
