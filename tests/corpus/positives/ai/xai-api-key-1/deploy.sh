#!/bin/sh
set -e
export XAI_API_KEY='xai-7WtUugtZDmPGwWLU1Mz4lFx6Mt5aNkGGu0cvCdvJYvolnNUxHgxGpDenXdKyl0Mni8M1GzMDFOCrGCmY'
./run.sh
