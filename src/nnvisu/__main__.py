"""`python -m nnvisu`: the server's command line (`nnvisu.server.cli`)."""

from .server.cli import main

if __name__ == "__main__":
    main()
