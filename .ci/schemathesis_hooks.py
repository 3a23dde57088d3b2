"""Schemathesis hooks for Attaché: NDJSON bodies are sent as plain text."""

import schemathesis

# The batch route's body is a string of lines; send it as is.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")
