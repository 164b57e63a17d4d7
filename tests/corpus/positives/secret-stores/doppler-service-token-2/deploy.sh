#!/bin/sh
set -e
export DOPPLER_SERVICE_TOKEN='dp.st.aev_personal.34XXMZMhZLH4KUdIH6TkYLcQpSgbPf30mGttMv1G'
./run.sh
