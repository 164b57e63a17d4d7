curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdscHR0LWMyYjQ3ZmE0MmY5M2NlYWYyZmZiZjNlMGI2ZTlhYmE0NWVlNmViYzU="
