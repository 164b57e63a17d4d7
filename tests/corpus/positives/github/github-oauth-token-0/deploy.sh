#!/bin/sh
set -e
export GITHUB_OAUTH_TOKEN='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'
./run.sh
