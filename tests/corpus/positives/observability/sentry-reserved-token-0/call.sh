curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNudHJ5aV8wNjZmNThkZTliOWQ1NjE5MWUyOGMyZjIzODhkYzEwZGE1YmZmYWNlZmQ2OTczMTJiYmE4MmFmOTgzZWFkZWMx"
