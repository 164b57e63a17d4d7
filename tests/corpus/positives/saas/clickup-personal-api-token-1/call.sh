curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnBrXzE3MjU3OTgxX01QR1JJSlk2VzQ3NlNJUVBMUjVTTkswR0wyR1NHWVhN"
