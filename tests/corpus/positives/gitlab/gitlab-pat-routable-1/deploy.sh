#!/bin/sh
set -e
export GITLAB_PAT_ROUTABLE='glpat-POyqTPVGObUmJkvqzUBQY2M6MQpvOjN2OHQKdTpidGN1aRI.01.1b1g1bvbh'
./run.sh
