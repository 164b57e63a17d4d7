#!/bin/sh
set -e
export CRATES_IO_API_TOKEN='cioZmgt2POHULCAn1YyfqWMQUilvDAJ7RWZ'
./run.sh
