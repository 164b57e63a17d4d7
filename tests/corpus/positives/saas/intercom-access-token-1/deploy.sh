#!/bin/sh
set -e
export INTERCOM_ACCESS_TOKEN='dG9rOvAyODI4Mzc0XzQxOTFfNDlmZF9iNmQwX2YxZDQ2ZTliN2RlNToxOjA='
./run.sh
