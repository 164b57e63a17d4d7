#!/bin/sh
set -e
export GITLAB_RUNNER_AUTHENTICATION_TOKEN='glrt-n0kOLRfIq9iesZA5qycc'
./run.sh
