#!/bin/sh
set -e
export GITLAB_DEPLOY_TOKEN='gldt-ufQ1g2UVkls5I9WX1wXH'
./run.sh
