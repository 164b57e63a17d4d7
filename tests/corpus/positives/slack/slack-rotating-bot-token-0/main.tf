provider "acme" {
  region = "eu-west-1"
  slack_rotating_bot_token = "xoxe.xoxb-4-WmnmzLcPiObVqSUEIdVX30o1jMucSmgiOSI6lW9fR53DOs9nk0uS0r25HKeA5AQUcDtQ3hOSUr86bnAvqIUzLHV75mBXiSkY3C3DwyENqNmLECmWE2KvtekxMO3EoXNPQK4iR7t3nI10tgaY3bmudu"
}
