#!/usr/bin/env bash
# `make run`: build a sample archive from generated pages (unless one exists) and serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
WD=.venv/bin/wiredesk
PORT=${PORT:-8000}
mkdir -p sample
if [ ! -f sample/wiredesk.db ]; then
  if [ ! -d sample/crawl ]; then
    $WD generate --pages 3000 --seed 1 sample/crawl
  fi
  $WD --archive sample/wiredesk.db ingest sample/crawl
fi
$WD --archive sample/wiredesk.db stats
echo "wiredesk: serving sample/wiredesk.db on http://127.0.0.1:${PORT}/" >&2
exec $WD --archive sample/wiredesk.db serve --host 127.0.0.1 --port "$PORT"
