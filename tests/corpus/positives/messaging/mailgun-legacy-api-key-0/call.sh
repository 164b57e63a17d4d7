curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmtleS0xZTMwODg2NjM4Yzg4MDNjYjVmYTZmNzU1YTE2NmVhNA=="
