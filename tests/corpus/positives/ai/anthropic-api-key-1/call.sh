curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNrLWFudC1hcGkwMy1nclhYcXl5dmZial9aYUZlUEpCS3hHc0Rxa1R1aVNYWTJTSV9MakNsZWRNckRrS3R5c3g2RV9aeHVPYU1IOEM1VHMyLWVGYWNIdXRpZVN0Q1RLWW54azhOWkkzWjhBQQ=="
