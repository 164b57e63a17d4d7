curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnI4X0FvMFREeldvbHpaSUJoRDNjWmpPaTJDUHlua00wNTRiQ0lid04="
