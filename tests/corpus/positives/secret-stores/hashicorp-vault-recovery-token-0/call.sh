curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Omh2ci5JSVMwVFFFcEtpVU9UTExtR3F0Q2ljelI="
