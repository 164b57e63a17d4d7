curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OjAwRExDeW9FanQ3c2VsWCFBUW5Tcnp5Q1BLTmRtSC5qMjM4MlBVUjBlTHM0NDFQX1dzenY1UHRnczY4b0VJeWkuRHpJR0kzUnlKcndTYnpfUXB3MzR4SXhvY2xoVEdFb2lIUy5LYmVVQ1dKOFJvSWg="
