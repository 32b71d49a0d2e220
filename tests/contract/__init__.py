"""The SDK checked against the Telnyx OpenAPI spec, operation by operation.

Test ids come from the SDK side (its ``Operation`` constants and response
models), so they exist even without the spec; the ``spec`` fixture then
skips them, or fails them under CI, when the file is absent. A separate test
checks that the SDK and the spec list the same operations.

- requests: what the SDK sends validates against the operation's request
  schema (jsonschema, Draft 2020-12, refs resolved in the whole document) and
  carries no key or query parameter the spec lacks;
- responses: every property of every response schema is a field of the model
  with a compatible type, and the model has no field the spec lacks;
- enums: every spec value structures to the enum member and is accepted,
  as a member and as a plain string, by the request arguments;
- signatures: required body properties are required keyword-only arguments,
  the rest optional, ``None`` allowed exactly where the spec allows null;
- lists: filters, sort values and page bounds match the spec's parameters.
"""
