curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OjZZMzdRflRsLjM0WUN0Li5KVHVBYzJYRmFsemFrOXV1Zm53RUguYlg="
