#!/bin/sh
set -e
export GRAFANA_SERVICE_ACCOUNT_TOKEN='glsa_W4wYVDaAopyFnpwiKfwln1YGiL0GBq5r_d406734a'
./run.sh
