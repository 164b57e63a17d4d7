curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnJrX2xpdmVfMzFkdGUyZXQ2OHRWa0FLcWlhSjQyY0wwbjk1S0RrMDMzWFROR2N5bXdnbktSNUJMbUZnOFF5c0dGYnVOM3o1c2JrbTJ1WktZaXZCbnJSZzF5N0p3NjQxUklGWElwZVVjZmlr"
