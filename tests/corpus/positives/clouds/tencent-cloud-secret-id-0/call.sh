curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkFLSURIZkNtMXA1YUZFa1VoMkJFakpRYVhaY1hDTldVaml4Yw=="
