#!/bin/sh
set -e
export PLANETSCALE_PASSWORD='pscale_pw_aOKli0VyJajNZ6GrWp1jWvOJAiIlWm8hv9dAZYRxkSS'
./run.sh
