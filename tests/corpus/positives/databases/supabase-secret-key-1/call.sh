curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNiX3NlY3JldF9sVlhzbjlBQ1pTbm9kaWVTX2tCNW5GX2RzTzZxY3JY"
