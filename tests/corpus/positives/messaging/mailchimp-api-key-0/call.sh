curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OjdhOTg5MTBlODBiMjgxZTJmZGVmZmExNjVjOWJmMTg0LXVzNzM="
