curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmJrYXJfUGpZLmYzbVVFbm5QckxkcTNjU2RrVWFNQXkzNFRYYVVxeXlHNVgzTThBdzlhRm5ScmlGQUJvdlM5WkpxU3NoMVF3dEtubXNnbWc="
