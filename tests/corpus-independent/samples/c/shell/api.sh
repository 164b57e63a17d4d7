curl -H "Authorization: Bearer d4WJw9id7IPJZgO2cV6jjhoOAFKV3WETjimG" https://api.example.org/v2/jobs
curl -H "Authorization: Bearer $API_TOKEN" https://api.example.org/v2/jobs
curl -H "Authorization: Basic ${CREDS}" https://api.example.org/v2/jobs
