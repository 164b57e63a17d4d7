curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnBjc2tfZjdtSXBOXzJ2ZENoYTdPNWxXZ0xTNzdtVWl0bzNNd0NGUlgzOHNCV0tlRlFMUEp1RGNyREhVM2tDWHpqSFhCMFBTa1Q1Vg=="
