#!/bin/sh
set -e
export TENCENT_CLOUD_SECRET_ID='AKIDtnelyoaDnyQ5FhDpVThcou4uZQsCeoGl'
./run.sh
