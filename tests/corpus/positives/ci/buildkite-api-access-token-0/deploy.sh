#!/bin/sh
set -e
export BUILDKITE_API_ACCESS_TOKEN='bkua_FjA.10e6f58de9b9d56191e28c2f2388dc10da5bffac'
./run.sh
