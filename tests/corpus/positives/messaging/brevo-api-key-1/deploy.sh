#!/bin/sh
set -e
export BREVO_API_KEY='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'
./run.sh
