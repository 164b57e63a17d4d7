curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Omdsb2FzLWM5OGUxNzA1YmI3YTdhZjNkMmUyNDI1YmE5NjgyMTcwOTA1ZjRlYzVhMzk5ZmM0N2Y1ZWRiYWRhNTE0ZTI4N2I="
