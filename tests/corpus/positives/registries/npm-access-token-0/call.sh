curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Om5wbV9ySVUzZmc2TmdOQVFrRFJnTGJTMlRUd3FHc0VsUlE0N2ZaQlY="
