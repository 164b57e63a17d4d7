#!/bin/sh
set -e
export GITHUB_USER_TO_SERVER_TOKEN='ghu_SCGvy6I5FcxqsTEE8x5EPArBG7THLN1Yaqxg'
./run.sh
