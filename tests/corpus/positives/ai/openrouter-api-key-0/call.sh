curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNrLW9yLXYxLTY2MjAyYTkyZWYwOGZiYWZhNDYwODBlZjZhMzEyMjBiY2Q0MjdmZmRlOTYwNTk3YTg5Mjk0NTAyNTAyMjkzNTM="
