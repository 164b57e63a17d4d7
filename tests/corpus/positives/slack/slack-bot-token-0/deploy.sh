#!/bin/sh
set -e
export SLACK_BOT_TOKEN='xoxb-411524493909-3668587840057-7u6yB54HkJlpobluliGGxGRJ'
./run.sh
