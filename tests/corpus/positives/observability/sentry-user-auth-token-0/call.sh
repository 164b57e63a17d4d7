curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNudHJ5dV83MzgxZjQxMmEwYTRmOWZhNDIzMzUwYjIzMzkzMWRhNTNmNTBhMGJlNTJkMDU3ZTBiZDA0YWIzMDA1NDQwNjk4"
