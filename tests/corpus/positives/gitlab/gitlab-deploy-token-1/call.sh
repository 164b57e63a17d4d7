curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdsZHQtVVVlaXV4bTY5YVNLX3FOTmE3NnY="
