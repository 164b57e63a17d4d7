resource "aws_db_instance" "main" {
  identifier        = "main"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  username          = "dbadmin"
  password          = "TfDbPassw0rd!"
}

resource "aws_db_instance" "replica" {
  identifier = "replica"
  password   = var.db_password
}
