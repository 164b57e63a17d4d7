curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmFjY2Vzcy1wcm9kdWN0aW9uLTE3ZmVmYTZhLWI5ZjItNGJlMy1iNGY5LTliNzdlZTUxYTkxMg=="
