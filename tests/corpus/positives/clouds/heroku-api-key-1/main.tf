provider "acme" {
  region = "eu-west-1"
  heroku_api_key = "HRKU-RAybaH6V_VRs9nCDfD8VAbq1AEeW9xNxNFsolr7z1VAUtdHV81yugiQ2s3mA"
}
