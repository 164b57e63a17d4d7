#!/bin/sh
set -e
export SQUARE_APPLICATION_SECRET='sq0csp-xyQ2pqaWkwfV6Wf3gV_O116cFBIj2C2qdPVHp7pWnOK'
./run.sh
