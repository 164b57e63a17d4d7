curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95Omh2cy5KQUVTSWhYSmtsZzJUY0Y2cWpjQU5GM1BmMFVjY3JwUXhscVY3WGxabVRSSnM3bTNncGtDcnVnN0VON2JmUTFnMlVWa2xzNUk5V1gxd1hIQlVlaXV4bTY5YVNLX3E="
