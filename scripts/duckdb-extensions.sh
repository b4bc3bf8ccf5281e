#!/bin/sh
# Installs DuckDB extensions offline into floe's extension directory, from PyPI's duckdb-extension-<name> wheels at
# exactly floe's DuckDB version. Each wheel holds duckdb_extension_<name>/extensions/v<version>/<name>.duckdb_extension,
# signed by DuckDB; install-duckdb-extensions.mjs runs `INSTALL '<file>'` into <dir> and loads each with signature
# checks on. The one way extensions get installed: `make setup` (mk/duckdb-extensions.mk) and the images
# (docker/Dockerfile.*) both call it.
#   scripts/duckdb-extensions.sh <dir> <version> <ext>...
# PYTHON (default python3, with pip) downloads and unzips the wheels; NODE (default node) runs the installer, which
# needs @duckdb/node-api at <version> in the node_modules next to this script.
set -eu

if [ "$#" -lt 3 ]; then
  echo "usage: $0 <dir> <version> <ext>..." >&2
  exit 2
fi
dir=$1
version=$2
shift 2
python=${PYTHON:-python3}
node=${NODE:-node}
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

requirements=
for ext in "$@"; do requirements="$requirements duckdb-extension-$ext==$version"; done
# shellcheck disable=SC2086 # one argument per requirement
"$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: -d "$work/wheels" \
  $requirements
"$python" -c 'import pathlib, sys, zipfile
for wheel in sorted(pathlib.Path(sys.argv[1]).glob("*.whl")):
    zipfile.ZipFile(wheel).extractall(sys.argv[2])' "$work/wheels" "$work/unpacked"

# Replace each name in the arguments by its extension file (the for list is expanded once, before the loop).
for ext in "$@"; do
  file=$work/unpacked/duckdb_extension_$ext/extensions/v$version/$ext.duckdb_extension
  if [ ! -f "$file" ]; then
    echo "duckdb-extension-$ext==$version holds no extensions/v$version/$ext.duckdb_extension" >&2
    exit 1
  fi
  set -- "$@" "$file"
  shift
done
"$node" "$here/install-duckdb-extensions.mjs" "$dir" "$version" "$@"
