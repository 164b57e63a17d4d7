#!/bin/sh
set -e
export MAPBOX_SECRET_TOKEN='sk.eyJ6IjoiYWNtZS1xeGprZCIsImEiOiI2cWJ4M3Z5a213bWJlb3ozeGw5dTVmbW16In0.KyDUaGcjVsvQYL5Wn381PB'
./run.sh
