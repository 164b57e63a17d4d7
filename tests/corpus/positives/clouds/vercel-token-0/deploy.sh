#!/bin/sh
set -e
export VERCEL_TOKEN='vcp_UTVSw9PeJlWIgorHxJeftDteytg3g5cxQ6zhLm9RMFFl3zIu'
./run.sh
