#!/bin/sh
set -e
export CLOUDFLARE_API_TOKEN='cfat_Gc4J1FMbOa0yemYCQwVePkQ2oA0dkjPatNdPgOQW9b0IErK1'
./run.sh
