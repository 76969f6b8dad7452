import io

from rich.console import Console

from pmclassify.cli.progress import steps


def test_steps_count_on_a_terminal_and_stay_silent_elsewhere():
    out = io.StringIO()
    with steps(True, "folds", Console(file=out, force_terminal=True, width=80)) as step:
        assert step is not None
        step(2, 5)
    assert "folds" in out.getvalue() and "2/5" in out.getvalue()
    with steps(False, "folds") as none:
        assert none is None
