curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OjEvLzByR0FBQjVvODU4dHhkT2s2a1g4MGJYSVZrMTBUVmZMbGFuQVdocDFMbERmWjZrWnl5SnVFeGF5cFhNcTgzZVgwUmtfSUFLWjBrM2VrTF9VWWxtT1gtQ3IwZmpSalV6UXdoMlJR"
