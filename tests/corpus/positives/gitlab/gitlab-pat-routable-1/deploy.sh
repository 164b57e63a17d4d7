#!/bin/sh
set -e
export GITLAB_PAT_ROUTABLE='glpat-OkSwit1QFnBwr4Pt6IJEvGM6MQpvOjh2dWsKdTp2dmlkchI.01.1b0ksm1qd'
./run.sh
