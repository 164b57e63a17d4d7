#!/bin/sh
set -e
export GCP_API_KEY='AIzaZtUXtvEXUVsCUJqEm-HHU04umGpjwYrwyOM'
./run.sh
