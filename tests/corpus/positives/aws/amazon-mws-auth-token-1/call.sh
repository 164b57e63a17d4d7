curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmFtem4ubXdzLjcyMDMwYjg1LTY0MzMtNGUyNi1iN2Y3LWM5MmQ0NWQxMzFlZA=="
