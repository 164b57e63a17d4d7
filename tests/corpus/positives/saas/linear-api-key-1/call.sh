curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Omxpbl9hcGlfTFdYenNOcm1yNHluT1E2WkxRdWwxR3RkVXdtcXZEZU9ER2hBaDM2Tg=="
