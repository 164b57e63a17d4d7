curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkdPQ1NQWC1LUEZhdGhQN21uUU9fX0ZlZWlGZ016aDRocDVI"
