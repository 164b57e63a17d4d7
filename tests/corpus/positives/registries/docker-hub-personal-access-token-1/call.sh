curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRja3JfcGF0XzBXVWQtMmRCOThoQWx4ckFUaEtZSHM5N2pOSQ=="
