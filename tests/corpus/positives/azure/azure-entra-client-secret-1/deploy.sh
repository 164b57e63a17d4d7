#!/bin/sh
set -e
export AZURE_ENTRA_CLIENT_SECRET='JX68Q~ggj5qFHNEy.M84FEtv.HM9mqSIFzdO-Qck'
./run.sh
