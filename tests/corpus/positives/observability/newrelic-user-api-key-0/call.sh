curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Ok5SQUstNDdCRDlHMkxCQzdSRDBTTUEyU0xMUVlDS0dB"
