#!/bin/sh
set -e
export SHOPIFY_PRIVATE_APP_TOKEN='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'
./run.sh
