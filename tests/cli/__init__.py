"""The command line, run in-process against a loopback FakeAPI or a sandbox."""
