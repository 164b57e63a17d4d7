#!/bin/sh
set -e
export JFROG_REFERENCE_TOKEN='cmVmdAtuOjAxOjE4ODA1MDIwMjM6a3p3cUNkN1pLUWZuZVVXTDZrSW1Cb3lRckNP'
./run.sh
