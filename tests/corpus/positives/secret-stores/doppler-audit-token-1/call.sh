curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRwLmF1ZGl0LkxNa01CU09OSkd4NnZYTTltMjFpVGl2Q3BXVnNYQkh4ZmRSU3J2ekpNSVJx"
