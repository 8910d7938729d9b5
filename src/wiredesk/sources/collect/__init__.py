"""The polite live collector: poll section pages and feeds, fetch new articles, ingest them."""
