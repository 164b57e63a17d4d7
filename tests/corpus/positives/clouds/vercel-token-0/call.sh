curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnZjcF9UVFZTdzlQZUpsV0lnb3JIeEplZnREdGV5dGczZzVjeFE2emhMbTlSTUZGbDN6SXU="
