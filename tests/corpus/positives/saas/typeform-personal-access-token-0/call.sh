curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnRmcF9kNGhnU1I2eEE0Wmhxa1h0STNDQjhIejN0cEZYOVo2d1ZURjF6VTF0aEhUZl9lekxGOHU1cWU1aEdhQw=="
