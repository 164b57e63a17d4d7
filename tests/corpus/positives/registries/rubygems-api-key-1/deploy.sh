#!/bin/sh
set -e
export RUBYGEMS_API_KEY='rubygems_80641e1f037860cf29ae36563d8b6da25a43a846eb31e7ea'
./run.sh
