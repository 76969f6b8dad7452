"""Stage 9c: run the HTTP app (:mod:`pmclassify.serve.http`) with uvicorn."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from pmclassify.errors import InputError, PmClassifyError


def check_port(host: str, port: int) -> None:
    """Refuse, in one clear line, an address this machine cannot listen on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}; give --host an "
                         "address of this machine, such as 127.0.0.1") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            hint = "pick another --port" if exc.errno == errno.EADDRINUSE else \
                "give --host an address of this machine and --port a free port"
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}; {hint}") from None


def run_server(host: str = "127.0.0.1", port: int = 8000, model_path: str | Path | None = None,
               ) -> None:
    """Serve the API and the page until interrupted (needs ``pip install 'pmclassify[serve]'``).
    The model is loaded before the port opens, so a bad model fails at once."""
    try:
        import uvicorn

        from pmclassify.serve.http import create_app
    except ImportError as exc:
        raise PmClassifyError(f"serving needs the serve extra ({exc.name} is missing): pip "
                              "install 'pmclassify[serve]'") from None
    from pmclassify.predict.classifier import Classifier

    check_port(host, port)
    app = create_app(Classifier.load(model_path))
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
