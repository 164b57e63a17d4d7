curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmV5SnJJam9pRkRWU1FuWlFTMkZJVFZCVWJFeDVkV2xEUWpseVkxSmlNV0ZPYWxoYWVVc2lMQ0p1SWpvaVpHVndiRzk1TFhKaWVHNXZJaXdpYVdRaU9qUTVmUT09"
