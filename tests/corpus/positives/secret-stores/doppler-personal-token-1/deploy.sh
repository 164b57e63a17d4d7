#!/bin/sh
set -e
export DOPPLER_PERSONAL_TOKEN='dp.pt.agn3dmeQLB7VA0yuLx1cMdTB5Rafu1sBEfT1MQc19yal'
./run.sh
