curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdscGF0LTVVY2NycFF4bHFWN1hsWm1UUkpz"
