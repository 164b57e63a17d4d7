provider "acme" {
  region = "eu-west-1"
  atlassian_api_token = "ATATT3hFfGF0Hqlq0AgNjVB9u14LbePEBZQMBAscG3YBmZooZZvcVqqgzwNRDcN3Y8DfDRNQnXBiJzvrSF8PakQi-T91rTESe6l89AlJEQWtzV30YAHhZNryp3sDI6dV_NaEevOBea9bso-a8r70mSmPbs6K77Rea12llC9AwG2vy8a4eaBRyh=A21C2A2F"
}
