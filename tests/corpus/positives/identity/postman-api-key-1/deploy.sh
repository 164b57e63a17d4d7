#!/bin/sh
set -e
export POSTMAN_API_KEY='PMAK-dd53e1a8ba94d9096ea8869e-80c8f112823adfcf151bf3291b7af72d35'
./run.sh
