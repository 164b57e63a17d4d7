provider "acme" {
  region = "eu-west-1"
  supabase_secret_key = "sb_secret_zVXsn9ACZSnodieS_kB5nF_dsO6qcrX"
}
