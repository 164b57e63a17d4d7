curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRwLnN0LlJkS1hCTVZ2aVVMZmNwa1lhYXdndWV2bXRQU2xWUnBpREpjb3V3eEV3N1g="
