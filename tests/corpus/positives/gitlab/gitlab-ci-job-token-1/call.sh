curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdsY2J0LTI2X2ZkMUY5MEwwcjFjcE1ZY0JMM0Z2"
