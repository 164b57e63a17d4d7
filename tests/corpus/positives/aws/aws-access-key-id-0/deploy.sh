#!/bin/sh
set -e
export AWS_ACCESS_KEY_ID='AKIAVDQFO6S2QOPGL7QF'
./run.sh
