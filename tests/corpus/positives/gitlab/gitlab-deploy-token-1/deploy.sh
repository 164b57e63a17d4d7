#!/bin/sh
set -e
export GITLAB_DEPLOY_TOKEN='gldt-UUeiuxm69aSK_qNNa76v'
./run.sh
