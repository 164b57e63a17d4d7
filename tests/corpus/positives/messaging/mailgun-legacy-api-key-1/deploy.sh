#!/bin/sh
set -e
export MAILGUN_LEGACY_API_KEY='key-dbdeba2ef88438efe28b3905c5cf51a7'
./run.sh
