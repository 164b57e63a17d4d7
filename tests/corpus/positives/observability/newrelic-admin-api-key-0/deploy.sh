#!/bin/sh
set -e
export NEWRELIC_ADMIN_API_KEY='NRAA-a9222a2bed27a584d21b54fa897'
./run.sh
