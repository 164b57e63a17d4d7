curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkVBQUFiMHRjTDIxcGZmV1FKRWVOYWpuZXowTEh0ZlJPVXJXVzZYbkkzRU0zSE1SYjFPY1dyaFE3VFRKLWNoYzk="
