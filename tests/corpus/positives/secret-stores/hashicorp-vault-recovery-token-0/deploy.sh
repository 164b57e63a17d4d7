#!/bin/sh
set -e
export HASHICORP_VAULT_RECOVERY_TOKEN='hvr.VCS0TQEpKiUOTLLmGqtCiczR'
./run.sh
