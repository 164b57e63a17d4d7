#!/bin/sh
set -e
export SHOPIFY_ACCESS_TOKEN='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'
./run.sh
