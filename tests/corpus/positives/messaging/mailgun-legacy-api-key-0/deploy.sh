#!/bin/sh
set -e
export MAILGUN_LEGACY_API_KEY='key-1e30886638c8803cb5fa6f755a166ea4'
./run.sh
