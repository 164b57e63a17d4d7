#!/bin/sh
set -e
export YANDEX_CLOUD_API_KEY='AQVNhtJU6RpuLpLDWgR6MRVifCpeNTpenoBBiZvE'
./run.sh
