#!/bin/sh
set -e
export DOPPLER_SERVICE_TOKEN='dp.st.zrd.zBCpo2pJx3SzXl5HhPt4aVY5d7GHmezRPWz31qvx'
./run.sh
