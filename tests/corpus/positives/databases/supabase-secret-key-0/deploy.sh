#!/bin/sh
set -e
export SUPABASE_SECRET_KEY='sb_secret_qUEY-5aRX0wTLU2LZ9ueCV_rigw8Gwv'
./run.sh
