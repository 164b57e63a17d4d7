curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkFLSUFWRFFGTzZTMlFPUEdMN1FG"
