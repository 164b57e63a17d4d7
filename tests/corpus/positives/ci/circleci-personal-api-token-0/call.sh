curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkNDSVBBVF9tangzU1JKWE5EQnIyYml1WlBUWG1wXzY1OTNkMWI2MWI0YjE3MWIyZjNhOWY4ODllZWFmNzdlZTA5YTQ0OTY="
