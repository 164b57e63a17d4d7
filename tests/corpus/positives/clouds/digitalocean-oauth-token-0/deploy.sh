#!/bin/sh
set -e
export DIGITALOCEAN_OAUTH_TOKEN='doo_v1_30da3ce90ebaea755624025a4ea09b80722fab5a938ae06e1b568d845b462b6d'
./run.sh
