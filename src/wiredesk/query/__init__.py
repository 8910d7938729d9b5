"""Query: query string -> AST -> plan -> results, counts, snippets, exports."""
