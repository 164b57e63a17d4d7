#!/bin/sh
set -e
export OPENAI_API_KEY_LEGACY='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'
./run.sh
