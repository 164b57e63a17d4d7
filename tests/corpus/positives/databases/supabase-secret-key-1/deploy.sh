#!/bin/sh
set -e
export SUPABASE_SECRET_KEY='sb_secret_lVXsn9ACZSnodieS_kB5nF_dsO6qcrX'
./run.sh
