#!/bin/sh
set -e
export GITLAB_PIPELINE_TRIGGER_TOKEN='glptt-62b47fa42f93ceaf2ffbf3e0b6e9aba45ee6ebc5'
./run.sh
