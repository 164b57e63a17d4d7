curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRHOXJPZmRrTmpBMlpXUTFYMlExTWpCZk5EWm1ZbDg1WXpabVh6QXpNRGt4TlRjeU5tRXpORG94T2pBPQ=="
