#!/bin/sh
set -e
export REPLICATE_API_TOKEN='r8_JSem1DuxfhlMhhzrIRoigqjIIp2UZ8CoRYJEW'
./run.sh
