curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OkNDSVBSSl9SbllneTd4VDZWZDVwWnA5NkNRTUxFXzgyMTcwOTA1ZjRlYzVhMzk5ZmM0N2Y1ZWRiYWRhNTE0ZTI4N2JhMDU="
