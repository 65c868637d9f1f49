"""Lilya's built-in directives (the ``lilya`` sub-commands)."""
