#!/bin/sh
set -e
export FIGMA_PERSONAL_ACCESS_TOKEN='figd_0BgQ6OdM3s3HPy0Ba23lT1JW1hD4K_Ifwu2cDpPc'
./run.sh
