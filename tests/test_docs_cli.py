"""Run the shell examples of docs/cli.md and compare their output, as doctest does for Python.

In a ```console block, a line starting with "$ " is a command, run by bash in a
scratch folder holding a link to the repository's examples/; the lines after it
are its expected output (standard error merged in, "..." matches anything), and
"[exit status N]" its exit status (0 when not shown).
"""
import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "cli.md"
_CHECKER = doctest.OutputChecker()
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _blocks():
    text = DOC.read_text(encoding="utf-8")
    for match in re.finditer(r"```console\n(.*?)```", text, re.DOTALL):
        line = text[:match.start()].count("\n") + 1
        commands: list[list] = []
        for row in match.group(1).splitlines():
            if row.startswith("$ "):
                commands.append([row[2:], [], 0])
            elif m := re.fullmatch(r"\[exit status (\d+)\]", row):
                commands[-1][2] = int(m.group(1))
            else:
                commands[-1][1].append(row)
        yield pytest.param(commands, id=f"cli.md:{line}")


@pytest.mark.skipif(sys.platform == "win32", reason="the examples are bash")
@pytest.mark.parametrize("commands", list(_blocks()))
def test_cli_doc_examples(commands, tmp_path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = dict(os.environ, PYTHONUNBUFFERED="1", PATH=str(Path(sys.executable).parent) + os.pathsep
               + os.environ.get("PATH", ""))
    env.pop("NO_COLOR", None)
    for command, expected, status in commands:
        run = subprocess.run(["bash", "-c", command], check=False, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=120)
        want = "\n".join(expected) + ("\n" if expected else "")
        assert _CHECKER.check_output(want, run.stdout, _FLAGS), (
            f"$ {command}\n--- expected ---\n{want}--- got ---\n{run.stdout}")
        assert run.returncode == status, f"$ {command}: exit status {run.returncode}, not {status}"
