#!/bin/sh
set -e
export NOTION_INTEGRATION_TOKEN='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'
./run.sh
