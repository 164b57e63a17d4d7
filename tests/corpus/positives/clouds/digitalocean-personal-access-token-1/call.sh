curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRvcF92MV8zZjI5YzU5Mjk1NzQzYTc1MDQ3MTk5ZTM2YzQzYmY2NDJlMmQxYmM0OTliODQ2ODg0MDBjM2E3ZDg3ZWExMTdi"
