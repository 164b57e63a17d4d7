#!/bin/sh
set -e
export GITLAB_AGENT_TOKEN='glagent-pMrPmz_E7fuwf1CjrjeAP5hrMa1fnjnNyjjNunkcWCjJ52wO-N'
./run.sh
