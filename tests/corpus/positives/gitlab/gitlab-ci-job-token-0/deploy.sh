#!/bin/sh
set -e
export GITLAB_CI_JOB_TOKEN='glcbt-54_oiKY1zep8VptXbaLxzxj'
./run.sh
