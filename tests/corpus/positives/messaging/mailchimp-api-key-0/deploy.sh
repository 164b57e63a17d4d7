#!/bin/sh
set -e
export MAILCHIMP_API_KEY='5a98910e80b281e2fdeffa165c9bf184-us73'
./run.sh
