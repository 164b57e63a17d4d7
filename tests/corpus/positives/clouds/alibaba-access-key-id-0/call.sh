curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkxUQUlBM2l3bXc2Q0FmSGV1UnJtYnd0ZA=="
