"""Private building blocks of the Lilya test clients (transports, sessions, lifespan)."""
