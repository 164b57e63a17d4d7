curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OlBNQUstZGQ1M2UxYThiYTk0ZDkwOTZlYTg4NjllLTgwYzhmMTEyODIzYWRmY2YxNTFiZjMyOTFiN2FmNzJkMzU="
