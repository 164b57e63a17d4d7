curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNrX2xpdmVfNzFpSzJaV2VxaEZXQ0VQeVluZ0ZiNTF5Qk1XWGFTQ3JVWm9MOGc1dWJiYlBJYTg0eVJuQlViSG9XQzhGSm93b1JvV0Q4czdiQTE2SjdQZ2xPVTNzaFZ2NVVURzc5QkcxNlFt"
