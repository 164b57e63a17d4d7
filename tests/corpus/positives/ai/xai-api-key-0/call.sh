curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnhhaS1hM0s4NlpnMlM5eVI0bWo2aFdzNVVSOFJhd0lZMnV6ZWpZdkZpR1NNYTdDT2QzOHJHWUZHQzF0aGZpZEVRQjhmQ2JQRVZ2UmFib2ZwQ0drSg=="
