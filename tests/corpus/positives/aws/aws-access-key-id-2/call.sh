curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkFLSUFWM0Y1VlpWT0tZTVJWVjZN"
