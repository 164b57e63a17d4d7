curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OnhhcHAtMy1BMEFTQlhURU81TS0yOTU2NzI1NjE0MTExLWFjNjMwZjFmOWJlNGI4ZmZkZjljNzVmOGQyMzJiNTRkMjIxNDljN2FlNTkzNGQzYTc4NTVlN2NiNGVlMGM1YzE="
