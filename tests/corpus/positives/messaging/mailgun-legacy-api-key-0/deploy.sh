#!/bin/sh
set -e
export MAILGUN_LEGACY_API_KEY='key-9e30886638c8803cb5fa6f755a166ea4'
./run.sh
