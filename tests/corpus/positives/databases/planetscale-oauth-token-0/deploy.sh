#!/bin/sh
set -e
export PLANETSCALE_OAUTH_TOKEN='pscale_oauth_xM5BWSEf5HxWSQ1vARcZ5vIN0jpqyzBX7xA9_DU5MvH'
./run.sh
