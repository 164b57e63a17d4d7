#!/bin/sh
set -e
export HONEYCOMB_API_KEY='hcaik_p78s372xj6qqzn17uv9sxo5y80gy2fqcr5fm4874nx845fkjcssytpgffn'
./run.sh
