curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkFLSUR0bmVseW9hRG55UTVGaERwVlRoY291NHVaUXNDZW9HbA=="
