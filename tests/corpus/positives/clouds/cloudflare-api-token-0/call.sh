curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmNmdXRfUjgxUERnaWE3REwxSE5SeFo5ZmxwY1NORm9Pd01uTk1lNVFFSGszcG1KUU9sUw=="
