#!/bin/sh
set -e
export AZURE_ENTRA_CLIENT_SECRET='4Y37Q~Tl.34YCt..JTuAc2XFalzak9uufnwEH.bX'
./run.sh
