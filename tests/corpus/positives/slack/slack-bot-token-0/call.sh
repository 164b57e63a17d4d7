curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnhveGItOTExNTI0NDkzOTA5LTM2Njg1ODc4NDAwNTctN3U2eUI1NEhrSmxwb2JsdWxpR0d4R1JK"
