curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OjZFazZZQzM3U1VZQ1BnLmF0bGFzdjEuQXUzd19XQmo3TS1wR09TeXZkRHhaNXRxTlllM3A3LWRoTTdrakx0Yi1pQ0V6c3hrczBqck9sZmNDdkRvSjU1aDJMTw=="
