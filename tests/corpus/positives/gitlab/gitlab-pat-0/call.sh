curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdscGF0LWNYSmtsZzJUY0Y2cWpjQU5GM1Bm"
