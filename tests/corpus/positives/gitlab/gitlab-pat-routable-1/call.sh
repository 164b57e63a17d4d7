curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdscGF0LU9rU3dpdDFRRm5Cd3I0UHQ2SUpFdkdNNk1RcHZPamgyZFdzS2RUcDJkbWxrY2hJLjAxLjFiMGtzbTFxZA=="
