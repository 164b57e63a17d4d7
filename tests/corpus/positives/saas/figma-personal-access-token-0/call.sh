curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmZpZ2RfTmJfdTNNRElzVWtJWXVfUE1NclZ4RVY0X3RDNkRaN21ITTh3WHFEdg=="
