#!/bin/sh
set -e
export PINECONE_API_KEY='pcsk_f7mIpN_2vdCha7O5lWgLS77mUito3MwCFRX38sBWKeFQLPJuDcrDHU3kCXzjHXB0PSkT5V'
./run.sh
