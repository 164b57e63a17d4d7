curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnBzY2FsZV90a25fblZmV3BHWXV6Ymh6X09zWGdGLXVjWWh4U0g5dTdLMHpPQUMtd3dWSWN3LQ=="
