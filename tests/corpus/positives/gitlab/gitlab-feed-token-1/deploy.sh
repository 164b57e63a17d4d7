#!/bin/sh
set -e
export GITLAB_FEED_TOKEN='glft-wwarg907u3n3t4e0rp22'
./run.sh
