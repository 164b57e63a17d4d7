curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Om95Mmh0aDNwMmtrcjU2Y3I3M3lxdHYxbmpyNGppN3czNzhtZHdhbG43bHF1NzQ="
