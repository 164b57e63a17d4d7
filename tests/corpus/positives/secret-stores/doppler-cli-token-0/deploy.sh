#!/bin/sh
set -e
export DOPPLER_CLI_TOKEN='dp.ct.EN600ZBxbh88g1bZCmpjIkHOH6IlZdyebZJGS3F0'
./run.sh
