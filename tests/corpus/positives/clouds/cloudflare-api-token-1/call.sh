curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmNmYXRfR2M0SjFGTWJPYTB5ZW1ZQ1F3VmVQa1Eyb0EwZGtqUGF0TmRQZ09RVzliMElFcksx"
