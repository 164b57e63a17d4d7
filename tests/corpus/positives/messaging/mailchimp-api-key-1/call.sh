curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OjhiMzZkODdlMzUzMmY0YzM3NzU1NTI4NDg2OTIyZGNlLXVzNg=="
