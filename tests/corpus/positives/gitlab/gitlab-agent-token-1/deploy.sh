#!/bin/sh
set -e
export GITLAB_AGENT_TOKEN='glagent-OLcQTjWcTgHA-KdPll4F_2M6MQpvOmZ0YW4KdTp4andnYhI.01.1b0wak6gp'
./run.sh
