curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnB1bC0xNjUwOTllZWMwMTQwN2VjNmExYjA0NGRhMDVjYTRlZDgxMDA0YzFk"
