#!/bin/sh
set -e
export SENTRY_USER_AUTH_TOKEN='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'
./run.sh
