curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnBwbHgtZW1HWXc3QWNmZG5SU0RNeWRXUEFvNGpjeGgxclhBdGdDMXhrWjVZQ1A0bTc1MmVj"
