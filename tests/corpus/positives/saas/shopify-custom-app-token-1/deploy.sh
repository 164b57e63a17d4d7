#!/bin/sh
set -e
export SHOPIFY_CUSTOM_APP_TOKEN='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'
./run.sh
