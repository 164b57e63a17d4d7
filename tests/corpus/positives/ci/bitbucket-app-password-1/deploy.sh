#!/bin/sh
set -e
export BITBUCKET_APP_PASSWORD='ATBB1AK0FJJqQPDqTdhkgNQxrFsj3ylaGNHO'
./run.sh
