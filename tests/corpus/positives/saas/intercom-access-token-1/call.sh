curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRHOXJPb0F5T0RJNE16YzBYelF4T1RGZk5EbG1aRjlpTm1Rd1gyWXhaRFEyWlRsaU4yUmxOVG94T2pBPQ=="
