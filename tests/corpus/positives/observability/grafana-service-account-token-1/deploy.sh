#!/bin/sh
set -e
export GRAFANA_SERVICE_ACCOUNT_TOKEN='glsa_hWSMsAQLtknC2qldoB5egN6BP6IUpTgM_c318ac94'
./run.sh
