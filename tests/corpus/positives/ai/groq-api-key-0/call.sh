curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Omdza18zMHZUajZVeWhGNlpVS1l1a2hva1dHZHliM0ZZYTM5NFR5R1ZJUGxoZFQ5ZURlbHZtcTYz"
