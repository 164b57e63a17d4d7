#!/bin/sh
set -e
export CONTENTFUL_PERSONAL_ACCESS_TOKEN='CFPAT-iVO6d01uzmhRtnxrw-JnH1EtQGITQVsvvzbqvWHnICb'
./run.sh
