curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNrLmV5SjhJam9pWVdOdFpTMTBiR3B5Y3lJc0ltRWlPaUpyYm5OMk1YWnBjVzE2Y1dWamFHcGxiMkZ4YXpRM2VHOXdJbjAuSXpIbjhGekRrbGhjc0pvMWVHbHZmdQ=="
