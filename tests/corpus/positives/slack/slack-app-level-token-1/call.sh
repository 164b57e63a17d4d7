curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnhhcHAtMS1XMDRSWlEwNFg5Vi0yMzg5MzY2MDU3ODcyLTMwYzZjNjNjNjg2ZjQwZGY4NWU2MmIwZjJmYWU4ZTAyYjVjODQxNWZjZTk0MDllMGIxY2U2OWY0ZjkyOGE5YTk="
