curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmxzdjJfc2tfMzMxNTljMjBjOGQ4YjUwMGNkNzBjYThlN2JlZWY0ZTlfOGViMzdmM2RjMQ=="
