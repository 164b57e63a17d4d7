#!/bin/sh
set -e
export AWS_ACCESS_KEY_ID='AKIAV3F5VZVOKYMRVV6M'
./run.sh
