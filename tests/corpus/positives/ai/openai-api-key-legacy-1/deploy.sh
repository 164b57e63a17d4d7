#!/bin/sh
set -e
export OPENAI_API_KEY_LEGACY='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'
./run.sh
