#!/bin/sh
set -e
export BUILDKITE_AGENT_TOKEN='bkaa_Vw.pLQHkMS7vhWEzgzeUmjgxcYVpcPE8muSuzyesRp3vGYkmTwZsy2bAUB14b9LdwpLBGBDVx'
./run.sh
