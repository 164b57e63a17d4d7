#!/bin/sh
set -e
export DOCKER_HUB_PERSONAL_ACCESS_TOKEN='dckr_pat_0WUd-2dB98hAlxrAThKYHs97jNI'
./run.sh
