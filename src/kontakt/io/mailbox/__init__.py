"""Reading what comes back by e-mail: raw messages parsed defensively and classified.

:mod:`.parse` turns raw bytes into a small :class:`~.parse.Inbound` summary,
:mod:`.bounce` finds delivery failures (RFC 3464 and flufl.bounce's detectors),
:mod:`.imip` reads calendar answers, and :mod:`.classify` decides what a
message is. Nothing here touches the database or the network.
"""
