curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Omxpbl9hcGlfOUd2dHVUWDVMQVJPYzhsQXhmU29uVVE4NEtQdEpHYmNXWU9jQ2lJSw=="
