#!/bin/sh
set -e
export RUBYGEMS_API_KEY='rubygems_5c3e12b47fa42f93ceaf2ffbf3e0b6e9aba45ee6ebc57f45'
./run.sh
