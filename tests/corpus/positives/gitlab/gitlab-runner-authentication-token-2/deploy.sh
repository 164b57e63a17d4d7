#!/bin/sh
set -e
export GITLAB_RUNNER_AUTHENTICATION_TOKEN='glrtr-ErKBccSMtnlOsx3V0DkH'
./run.sh
