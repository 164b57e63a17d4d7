curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdscHR0LTdlNDU5MDY0MWUxZjAzNzg2MGNmMjlhZTM2NTYzZDhiNmRhMjVhNDM="
