curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkFRVk5JRjlucW5PaEtSSHlHcFJMRzktOTlOeGdNVGJyVFZQR2VEaVI="
