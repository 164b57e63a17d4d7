curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmNma19DTlNtRFBZbGVNUlZNVjE0MUVGMGxKMVNJMkRPY0tKUU5WRG5CZXR2a3hCYkla"
