curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdsYWdlbnQtT0xjUVRqV2NUZ0hBLUtkUGxsNEZfMk02TVFwdk9tWjBZVzRLZFRwNGFuZG5ZaEkuMDEuMWIwd2FrNmdw"
