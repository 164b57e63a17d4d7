curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Om95MjlxZ3BjOTI4cHh0aXFsNDAzczFveXoxd3IyazBxcDExdjBzZTNrZjI4bDM="
