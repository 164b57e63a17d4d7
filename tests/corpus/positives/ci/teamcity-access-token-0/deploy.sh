#!/bin/sh
set -e
export TEAMCITY_ACCESS_TOKEN='eyJ0eXAiOiAiVENWMiJ9.AyyOblLBMUF6DhxuaberqOpsS7lYXd0gPBcao3Yb9Spe.uKUXHYN3d1zk8NHnAeaa9eMjjEPGLSDQa9ICLDMasuFTy46vdMVTsTqMgiysojOH'
./run.sh
