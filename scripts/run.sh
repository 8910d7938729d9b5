#!/usr/bin/env bash
# `make run`: build a sample archive from generated pages (unless one exists) and serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
WD=.venv/bin/wiredesk
PORT=${PORT:-8000}
PAGES=${SAMPLE_PAGES:-3000}
mkdir -p sample
# The marker is written only after a complete ingest, so an interrupted run starts over.
if [ ! -f sample/.ingested ] || [ ! -f sample/wiredesk.db ]; then
  if [ ! -f sample/crawl/manifest.json ]; then
    rm -rf sample/crawl
    echo "wiredesk: generating a sample crawl of ${PAGES} pages in sample/crawl" >&2
    # WARC records carry each page's URL and crawl time (plain text dumps do not).
    $WD generate --pages "$PAGES" --seed 1 --format warc sample/crawl
  fi
  rm -f sample/wiredesk.db sample/wiredesk.db-wal sample/wiredesk.db-shm
  echo "wiredesk: ingesting sample/crawl into sample/wiredesk.db" >&2
  $WD --archive sample/wiredesk.db ingest sample/crawl
  touch sample/.ingested
fi
# Entities, places and stories (incremental: only new or changed items; a no-op when current).
echo "wiredesk: enriching sample/wiredesk.db (entities, places, stories)" >&2
$WD --archive sample/wiredesk.db enrich
$WD --archive sample/wiredesk.db stats
echo "wiredesk: open http://127.0.0.1:${PORT}/ (API docs at http://127.0.0.1:${PORT}/docs)" >&2
exec $WD --archive sample/wiredesk.db serve --host 127.0.0.1 --port "$PORT"
