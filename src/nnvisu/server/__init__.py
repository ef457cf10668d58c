"""The standalone server: the Tornado app, its guards, allowed Host names, metrics, processes and
the command line. Imports the core and the wire."""
