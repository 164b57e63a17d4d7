#!/bin/sh
set -e
export HASHICORP_VAULT_SERVICE_TOKEN='hvs.XAESIhXJklg2TcF6qjcANF3Pf0UccrpQxlqV7XlZmTRJs7m3gpkCrug7EN7bfQ1g2UVkls5I9WX1wXHBUeiuxm69aSK_q'
./run.sh
