"""The blocking client: ``TelnyxSIP``, its services and ``SyncPager``.

Each client runs its async twin on one background event loop thread
(``_loop_thread``); ``_client`` is generated from the async services by
``python -m scripts.gen``.
"""

from ._client import TelnyxSIP
from ._pager import SyncPager

__all__ = ["SyncPager", "TelnyxSIP"]
