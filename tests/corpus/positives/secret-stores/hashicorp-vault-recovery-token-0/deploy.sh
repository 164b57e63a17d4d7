#!/bin/sh
set -e
export HASHICORP_VAULT_RECOVERY_TOKEN='hvr.IIS0TQEpKiUOTLLmGqtCiczR'
./run.sh
