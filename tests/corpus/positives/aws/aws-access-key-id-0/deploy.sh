#!/bin/sh
set -e
export AWS_ACCESS_KEY_ID='AKIAUKYH4KCYPVJB2WVK'
./run.sh
