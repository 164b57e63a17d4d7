#!/bin/sh
set -e
export GRAFANA_SERVICE_ACCOUNT_TOKEN='glsa_W4c5oWKXQnd7Mcv5d3ONqUHZBo8Fz7OL_b5f9392c'
./run.sh
