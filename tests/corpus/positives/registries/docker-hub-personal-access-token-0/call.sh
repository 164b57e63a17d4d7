curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRja3JfcGF0X3VoZ1hPc29GLUZKUElaR2JlWkdLdDZ6VG9GZw=="
