#!/bin/sh
set -e
export CLOJARS_DEPLOY_TOKEN='CLOJARS_f61ad590acbc5fbb5ecb983b410e6f58de9b9d56191e28c2f2388dc10da5'
./run.sh
