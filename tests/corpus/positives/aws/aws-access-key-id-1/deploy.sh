#!/bin/sh
set -e
export AWS_ACCESS_KEY_ID='ASIAVXJ6WJRM5JHSASOT'
./run.sh
