#!/bin/sh
set -e
export LINEAR_API_KEY='lin_api_9GvtuTX5LAROc8lAxfSonUQ84KPtJGbcWYOcCiIK'
./run.sh
