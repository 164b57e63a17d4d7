#!/bin/sh
set -e
export GCP_OAUTH_REFRESH_TOKEN='1//0EM2JrXiZ9-8GxqQYW60gw3WABfNsNZ_hCfjPYeA-8rpaP5MaPH3_ZpMPHVhO'
./run.sh
