curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnBzY2FsZV9vYXV0aF90TTVCV1NFZjVIeFdTUTF2QVJjWjV2SU4wanBxeXpCWDd4QTlfRFU1TXZI"
