curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdpdGh1Yl9wYXRfaEg4dmI2UFVJbnJRNzBSUjh6M3FxbF9SVVB6NnBFc0d0RTVQcGhhRDhDMlZjdFNoV0RzWEJkT2tDQ3VxT1ZUMUZOMWFrSzFReVRnMWZCMzhBWg=="
