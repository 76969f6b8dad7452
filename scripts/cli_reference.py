"""Write docs/cli.md, the command-line reference, from the commands' own `--help`.

    python scripts/cli_reference.py            # rewrite docs/cli.md
    python scripts/cli_reference.py --check    # exit 1 if docs/cli.md is out of date (CI)

The help is rendered at a fixed width without colour, so the file changes only when a
command's help does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typer.testing import CliRunner

from pmclassify.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
COMMANDS = [[], ["classify"], ["batch"], ["train"], ["evaluate"], ["lexicon"],
            ["lexicon", "report"]]


def render() -> str:
    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    out = ["# Command-line reference", "",
           "Generated from each command's `--help` by `python scripts/cli_reference.py`;",
           "CI checks that it is current.", ""]
    for cmd in COMMANDS:
        r = runner.invoke(app, [*cmd, "--help"], env=env, prog_name="pmclassify")
        if r.exit_code != 0:
            sys.exit(f"`pmclassify {' '.join(cmd)} --help` failed:\n{r.output}")
        text = "\n".join(line.rstrip() for line in r.output.strip().splitlines())
        out += [f"## `{' '.join(['pmclassify', *cmd])}`", "", "```text", text, "```", ""]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if docs/cli.md is out of date")
    args = ap.parse_args()
    text = render()
    if args.check:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            sys.exit("docs/cli.md is out of date: run `python scripts/cli_reference.py`")
        print("docs/cli.md is current")
        return
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
