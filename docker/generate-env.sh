#!/bin/sh
# Creates docker/.env (git-ignored) with random credentials for docker/compose.yaml. Keeps an existing file.
set -eu
cd "$(dirname "$0")"
if [ -f .env ]; then echo "docker/.env exists; keeping it"; exit 0; fi
rand() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
umask 077
cat > .env.tmp <<ENV
POSTGRES_PASSWORD=$(rand 16)
OBJECTSTORE_ACCESS_KEY=floe$(rand 6)
OBJECTSTORE_SECRET_KEY=$(rand 20)
POLARIS_ROOT_CLIENT_ID=root$(rand 4)
POLARIS_ROOT_CLIENT_SECRET=$(rand 16)
CUBE_API_SECRET=$(rand 24)
CUBE_SQL_PASSWORD=$(rand 16)
ENV
mv .env.tmp .env
echo "wrote docker/.env"
