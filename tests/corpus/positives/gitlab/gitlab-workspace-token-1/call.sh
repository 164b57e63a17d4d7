curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Omdsd3QtVkJ4YVJXNmNsV2VvRHhSdC12aVE="
