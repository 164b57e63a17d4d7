curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNrLmV5SjhJam9pWVdOdFpTMXhlR3ByWkNJc0ltRWlPaUkyY1dKNE0zWjVhMjEzYldKbGIzb3plR3c1ZFRWbWJXMTZJbjAuS3lEVWFHY2pWc3ZRWUw1V24zODFQQg=="
