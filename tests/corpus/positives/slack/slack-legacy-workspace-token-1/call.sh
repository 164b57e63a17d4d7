curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnhveHItNjI3NDY5OTc3NDEtOTM5NTM1NTIzODkzLW5MRHB6M3JMbkcza2F6WEVWeFBsUm1VU003bDJGTmFZ"
