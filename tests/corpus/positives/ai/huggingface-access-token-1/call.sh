curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmhmX2pSZnZ6Z25nSU5DVEZGVGFEa2FkYUR6VUV4aW5MWEFnT0c="
