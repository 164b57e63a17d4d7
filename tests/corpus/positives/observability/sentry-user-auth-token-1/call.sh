curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNudHJ5dV80ODM5OThlMTcwNWJiN2E3YWYzZDJlMjQyNWJhOTY4MjE3MDkwNWY0ZWM1YTM5OWZjNDdmNWVkYmFkYTUxNGUy"
