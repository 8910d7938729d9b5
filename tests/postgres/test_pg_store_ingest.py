"""S's store/ingest tests (tests/store/test_store_ingest.py), re-run on a PostgreSQL archive.

The `store` and `ingest` fixtures of tests/postgres/conftest.py give a PostgresStore, so every
test below is the very SQLite test, unchanged, against the other backend.
"""

from __future__ import annotations

import pytest
import test_store_ingest as sqlite_suite

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres")]

# Tests that build their own SQLite store have nothing to re-run here.
_OWN_STORE = {"test_cut_off_copy_is_a_sighting_of_the_whole_text_in_both_orders"}

for _name in dir(sqlite_suite):
    if _name.startswith("test_") and _name not in _OWN_STORE:
        globals()[_name] = getattr(sqlite_suite, _name)
