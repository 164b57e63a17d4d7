curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkdSMTM0ODk0MWZpVXdzMjdEdU4zNFo2cmFQMHZh"
