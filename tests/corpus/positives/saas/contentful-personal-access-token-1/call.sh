curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkNGUEFULWlWTzZkMDF1em1oUnRueHJ3LUpuSDFFdFFHSVRRVnN2dnpicXZXSG5JQ2I="
