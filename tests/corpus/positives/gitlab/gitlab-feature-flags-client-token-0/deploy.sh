#!/bin/sh
set -e
export GITLAB_FEATURE_FLAGS_CLIENT_TOKEN='glffct-6c6vBZo9-BEXYto72reN'
./run.sh
