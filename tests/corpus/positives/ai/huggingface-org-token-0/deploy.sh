#!/bin/sh
set -e
export HUGGINGFACE_ORG_TOKEN='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'
./run.sh
