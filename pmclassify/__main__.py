"""``python -m pmclassify``: the command line (:mod:`pmclassify.cli`)."""

from pmclassify.cli import main

if __name__ == "__main__":
    main()
