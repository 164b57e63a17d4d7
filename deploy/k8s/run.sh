#!/usr/bin/env bash
# Runs the organisation audit on the current kubectl context: plan, audit shards, merge.
set -euo pipefail
cd "$(dirname "$0")"
kubectl apply -f 00-storage.yaml
kubectl delete job hush-plan hush-audit hush-merge --ignore-not-found
kubectl apply -f 10-plan.yaml
kubectl wait --for=condition=complete job/hush-plan --timeout=1h
kubectl apply -f 20-audit.yaml
# Complete, or Failed once the failed indexes are final: either way the merge reports what was done.
kubectl wait --for=condition=complete job/hush-audit --timeout=48h \
  || kubectl wait --for=condition=failed job/hush-audit --timeout=1m || true
kubectl apply -f 30-merge.yaml
kubectl wait --for=condition=complete job/hush-merge --timeout=2h \
  || kubectl logs job/hush-merge
