#!/bin/sh
set -e
export PULUMI_ACCESS_TOKEN='pul-065099eec01407ec6a1b044da05ca4ed81004c1d'
./run.sh
