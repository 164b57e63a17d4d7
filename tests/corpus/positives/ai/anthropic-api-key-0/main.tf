provider "acme" {
  region = "eu-west-1"
  anthropic_api_key = "sk-ant-api03-9BHZ3ReLVk2n5Y_-q-i6_9wpnrBdSNFJK-Cm6KApRiVK6-9Ft3iJw7Q5O95s_-n5-c2cJA4DrFhu2mTq1MHdDDvPjOR2gAA"
}
