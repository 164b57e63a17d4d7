curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmFjY2Vzcy1wcm9kdWN0aW9uLTdmZTE5YTY2LTJhNGYtNGQ1Ni05MmJmLTMyYzIzN2M3NmNiNw=="
