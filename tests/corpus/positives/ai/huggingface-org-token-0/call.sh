curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmFwaV9vcmdfVUtJQlF4em5qZVBmSEFibmNGeWxxV3liWklUS2xXZHhGZg=="
