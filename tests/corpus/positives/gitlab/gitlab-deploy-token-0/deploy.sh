#!/bin/sh
set -e
export GITLAB_DEPLOY_TOKEN='gldt-zfQ1g2UVkls5I9WX1wXH'
./run.sh
