#!/bin/sh
set -e
export ALIBABA_ACCESS_KEY_ID='LTAIdTCe2JpY9fWg'
./run.sh
