curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRwLnN0LmZyZC56QkNwbzJwSngzU3pYbDVIaFB0NGFWWTVkN0dIbWV6UlBXejMxcXZ4"
