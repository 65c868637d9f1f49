"""``lilya shell``: an interactive shell with the application loaded and started."""
