curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNicF8zZjk0NmNjZjY0OTkzYmVlZTJhZDFlZDZjZTA5YTUxNmU3MTU5OTQ4"
