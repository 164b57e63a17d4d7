curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnZja19oMWg4aDZOdWpoVEM0NFllY00yZDFLa1hoRzUzaFQ1RlljRHdCUUJJMDNiTGo1dk8="
