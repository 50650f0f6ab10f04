"""Validates JSON files against a JSON Schema (2020-12); used by the tests. Prints the first
error with its JSON path and exits 1 when a file does not conform."""
import json
import sys

import jsonschema

schema_path, *documents = sys.argv[1:]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = False
for path in documents:
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path))[:1]:
        print(f"{path}: {error.json_path}: {error.message}")
        failed = True
sys.exit(1 if failed else 0)
