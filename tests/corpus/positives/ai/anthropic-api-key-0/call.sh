curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnNrLWFudC1hcGkwMy05QkhaM1JlTFZrMm41WV8tcS1pNl85d3BuckJkU05GSkstQ202S0FwUmlWSzYtOUZ0M2lKdzdRNU85NXNfLW41LWMyY0pBNERyRmh1Mm1UcTFNSGRERHZQak9SMmdBQQ=="
