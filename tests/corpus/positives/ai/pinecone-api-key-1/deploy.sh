#!/bin/sh
set -e
export PINECONE_API_KEY='pcsk_RecDG1_pmRtbuuWDbLYeEIcRZZvKgAIOsecKO2Y61m8S2hYm1xtWW1Udj5Uwa5Wa9iexzt'
./run.sh
