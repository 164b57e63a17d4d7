curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmtleS1kYmRlYmEyZWY4ODQzOGVmZTI4YjM5MDVjNWNmNTFhNw=="
