curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRwLmN0LkVONjAwWkJ4Ymg4OGcxYlpDbXBqSWtIT0g2SWxaZHllYlpKR1MzRjA="
