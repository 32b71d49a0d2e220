"""The parts of the ``telnyx-sip`` command line (entry point: :mod:`telnyx_sip.cli`)."""
