"""Implementation of ``lilya.responses``, split by kind: plain, streaming, files, formats."""
