curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmtleS04YmRlYmEyZWY4ODQzOGVmZTI4YjM5MDVjNWNmNTFhNw=="
