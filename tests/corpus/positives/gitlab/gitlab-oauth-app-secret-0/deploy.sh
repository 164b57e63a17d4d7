#!/bin/sh
set -e
export GITLAB_OAUTH_APP_SECRET='gloas-edf32b1cc8fa650bdf6593d1b61b4b171b2f3a9f889eeaf77ee09a4496e0ed7a'
./run.sh
