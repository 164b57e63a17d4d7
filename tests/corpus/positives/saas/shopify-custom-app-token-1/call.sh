curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNocGNhXzRlMTM0YmZjOTY1ZTBiOGIyYTMwOWVjMGEwOTc4ZTI1"
