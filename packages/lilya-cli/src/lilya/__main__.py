"""``python -m lilya``: the same command as the ``lilya`` script."""

from __future__ import annotations

from lilya.cli.main import main

if __name__ == "__main__":
    main()
