curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmFjY2Vzc190b2tlbiRwcm9kdWN0aW9uJDZybnRicjR5bWx4cHU0ajAkZjZlMGYyYzFlNzcyNjg3Njg0NTE4NTFhNWQyMjMyODk="
