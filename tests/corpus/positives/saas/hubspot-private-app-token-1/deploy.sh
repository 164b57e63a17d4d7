#!/bin/sh
set -e
export HUBSPOT_PRIVATE_APP_TOKEN='pat-eu5-1735c988-a52b-4a7f-8053-f0a465b7b866'
./run.sh
