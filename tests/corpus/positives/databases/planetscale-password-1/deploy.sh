#!/bin/sh
set -e
export PLANETSCALE_PASSWORD='pscale_pw_MN67NCtlIUS7HYTHz8ylNZao5hhRTBPzYW981xB0Gh1'
./run.sh
