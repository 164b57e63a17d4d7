curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkdPQ1NQWC1xZTJtc2FQWFppOGFVN2phRlktd3laQW5yVDVn"
