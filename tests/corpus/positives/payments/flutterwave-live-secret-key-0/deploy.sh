#!/bin/sh
set -e
export FLUTTERWAVE_LIVE_SECRET_KEY='FLWSECK-e2b61f3dcb09bbceb3f4a70b20426ad9-X'
./run.sh
