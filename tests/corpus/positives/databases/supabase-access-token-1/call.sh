curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNicF80Y2FjMTYyMDIyZmU1OGM5NDEwZmRhYzNhOGM1OThlOTc1NjIzOTI2"
