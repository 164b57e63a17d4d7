curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnBhdC1uYTgtZjU1OTEwYzItNTg0ZC00YzNmLWE5ZWYtZTE5N2ZiNjY2NjVk"
