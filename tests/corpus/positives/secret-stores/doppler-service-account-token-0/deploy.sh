#!/bin/sh
set -e
export DOPPLER_SERVICE_ACCOUNT_TOKEN='dp.sa.92FZ1Id0knAVl8tSPeAL6IecvbIUrPab8iFocpUB'
./run.sh
