#!/bin/sh
set -e
export OPENROUTER_API_KEY='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'
./run.sh
