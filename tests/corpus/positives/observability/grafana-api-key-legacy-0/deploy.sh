#!/bin/sh
set -e
export GRAFANA_API_KEY_LEGACY='eyJrIjoiJDVSQnZQS2FITVBUbEx5dWlDQjlyY1JiMWFOalhaeUsiLCJuIjoiZGVwbG95LXJieG5vIiwiaWQiOjQ5fQ=='
./run.sh
