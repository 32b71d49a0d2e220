"""The client-speed benchmark suite: ``python -m bench [--quick] [--json PATH]``.

Not a test and not part of the package. Every row is measured against a
fixed-response server running in its own process on 127.0.0.1, whose bodies
are generated from the OpenAPI spec; see docs/performance.md for the method.
"""
