#!/bin/sh
set -e
export PLANETSCALE_SERVICE_TOKEN='pscale_tkn_aVfWpGYuzbhz_OsXgF-ucYhxSH9u7K0zOAC-wwVIcw-'
./run.sh
