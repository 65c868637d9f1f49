"""Server-Sent Events channels: publish once, every subscriber of the channel receives it.

`lilya.contrib.sse.channels` has the channels (`SSEChannel`, `SSEChannelManager`, `sse_manager`);
`lilya.contrib.sse.brokers` carries messages between the workers of an app (Redis pub/sub).
"""

from __future__ import annotations

__all__: list[str] = []
