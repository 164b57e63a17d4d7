curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdocF9yRFpqM0xxSTVtRnRuSzRzQ05DeEM2M2kwdWRXOE8xV0JhbDQ="
