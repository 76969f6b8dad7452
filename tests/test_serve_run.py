import socket

import pytest

from pmclassify.errors import InputError
from pmclassify.serve import run


def test_a_busy_port_is_refused_in_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(InputError, match=f"cannot listen on 127.0.0.1:{port}.*another --port"):
            run.check_port("127.0.0.1", port)


def test_an_unknown_host_is_refused():
    with pytest.raises(InputError, match="give --host an address"):
        run.check_port("no-such-host.invalid", 8000)


def test_the_server_runs_the_app_on_the_address_given(monkeypatch):
    seen = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run.run_server("127.0.0.1", port)
    assert seen["host"] == "127.0.0.1" and seen["port"] == port
    assert [r.path for r in seen["app"].routes][0] == "/"
