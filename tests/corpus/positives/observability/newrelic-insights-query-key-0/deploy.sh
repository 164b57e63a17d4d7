#!/bin/sh
set -e
export NEWRELIC_INSIGHTS_QUERY_KEY='NRIQ-OvE9rwLbAtf6e9cpCGybY9lMR4pAwBp3'
./run.sh
