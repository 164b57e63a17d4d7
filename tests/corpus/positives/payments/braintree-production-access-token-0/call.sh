curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmFjY2Vzc190b2tlbiRwcm9kdWN0aW9uJGdmYzY3cGc5ZzlkOXVsZXAkNTdlYzhiY2JkMmM3ZDVkZjRjNDUzZmZlNTQ4NjRhNzk="
