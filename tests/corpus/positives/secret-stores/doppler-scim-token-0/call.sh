curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRwLnNjaW0uRjkyUGt6b1dmd2lObU11OGs4VXdiMEZBaDZoSTBZajZHYkYwYUVaMg=="
