curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNxMGF0cC1jcGV5T3hKUmtTcTFMSTdTMUwxMGU2"
