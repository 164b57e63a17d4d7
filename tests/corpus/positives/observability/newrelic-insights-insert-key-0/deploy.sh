#!/bin/sh
set -e
export NEWRELIC_INSIGHTS_INSERT_KEY='NRII-Zv797TPNbpjava1bMZwIMlvdp5gjTrD8'
./run.sh
