curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmdsYWdlbnQta01yUG16X0U3ZnV3ZjFDanJqZUFQNWhyTWExZm5qbk55ampOdW5rY1dDako1MndPLU4="
