curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OlNHLmhLbXFxNjRTME9aTlluUldqLTNWREsuMnUyS3BRZUV4OURUMjQxcF9iM1Q4SnpzUVV0SDlyLVg5U2UzR3h3YzZOaQ=="
