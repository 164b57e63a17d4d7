#!/bin/sh
set -e
export PRIVATE_KEY_PKCS8='-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIG2FV7DtwqSXH+dOvpro3SERn4OnBSpajUZZbiND/bzT\n-----END PRIVATE KEY-----'
./run.sh
