#!/bin/sh
set -e
export GITHUB_PAT_CLASSIC='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'
./run.sh
