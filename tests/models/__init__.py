"""The models: forward compatibility, the strict drift catcher, parsing
robustness, request validation and secret redaction."""
