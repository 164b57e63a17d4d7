provider "acme" {
  region = "eu-west-1"
  teamcity_access_token = "eyJ0eXAiOiAiVENWMiJ9.6KZkRUEQnXCWhpsnIjivc8LFVzAz9Pyz8bm409PlwNKh.nbQI5C7lMBL0_1OSiUImQWkq6uxASN7WuHisQv4xIQKfVZ8dxkpF9NlsaaH6D5XS"
}
