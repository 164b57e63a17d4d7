#!/bin/sh
set -e
export PERPLEXITY_API_KEY='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'
./run.sh
