#!/bin/sh
set -e
export DOPPLER_SCIM_TOKEN='dp.scim.7nRXusYAgVkzwqCd7ZKQfneUWL6kImBoyQrCOUlYhwbV'
./run.sh
