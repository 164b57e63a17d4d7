#!/bin/sh
set -e
export DOPPLER_SCIM_TOKEN='dp.scim.S92PkzoWfwiNmMu8k8Uwb0FAh6hI0Yj6GbF0aEZ2'
./run.sh
