curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnRmcF9TVnpxSGV5SWFIT1JwZG9Tb1BHQnB2NTJXdVVGTXlxUElCOXhjTGZ0anpaSF9uakVtSzdpeUJCbHFVUA=="
