#!/bin/sh
set -e
export GITHUB_REFRESH_TOKEN='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'
./run.sh
