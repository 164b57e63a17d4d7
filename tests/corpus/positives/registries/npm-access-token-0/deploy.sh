#!/bin/sh
set -e
export NPM_ACCESS_TOKEN='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'
./run.sh
