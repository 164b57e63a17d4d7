provider "acme" {
  region = "eu-west-1"
  private_key_pkcs8 = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIG2FV7DtwqSXH+dOvpro3SERn4OnBSpajUZZbiND/bzT\n-----END PRIVATE KEY-----"
}
