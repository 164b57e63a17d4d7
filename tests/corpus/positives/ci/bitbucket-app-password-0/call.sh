curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkFUQkJtcW5MR3A5TmptdE5MMUVpaEp2Yzd0M1FNbEpoYzVCNw=="
