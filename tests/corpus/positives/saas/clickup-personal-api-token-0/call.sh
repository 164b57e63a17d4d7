curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnBrXzkxMDY1NDMxX0VCTzdZS1U1UzZKQ1NBOUhNSEFQNEE2SjE5OExJQ0ZX"
