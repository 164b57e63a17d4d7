curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdsZmZjdC0zYzZ2QlpvOS1CRVhZdG83MnJlTg=="
