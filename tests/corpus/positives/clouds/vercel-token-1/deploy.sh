#!/bin/sh
set -e
export VERCEL_TOKEN='vck_e1h8h6NujhTC44YecM2d1KkXhG53hT5FYcDwBQBI03bLj5vO'
./run.sh
