curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OlBNQUstZjM0NDM3MDQ4MzUwM2FlMDNjMzc4MzdhLTUyNTI1ZWU2MzY1MTA2Y2EzNTAzMDM0YTRlYWFlMTliODA="
