#!/bin/sh
set -e
export SUPABASE_ACCESS_TOKEN='sbp_3f946ccf64993beee2ad1ed6ce09a516e7159948'
./run.sh
