#!/bin/sh
set -e
export HASHICORP_VAULT_SERVICE_TOKEN='hvs.YBId3luqZvzz3jSpmpoLhip4'
./run.sh
