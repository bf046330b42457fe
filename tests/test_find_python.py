"""scripts/find-python: the Makefile's way to a Python new enough for Django 6.

Each case builds a PATH of its own holding only what the case needs: the
running interpreter stands for a new-enough Python, and a small script that
fails the version check stands for the machine's old python3 (3.11 here) and
for pyenv's bare shims, which fail when their version is not selected.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "find-python"
TOO_OLD = "#!/bin/sh\necho 'Python 3.11.7'\nexit 1\n"


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    return Machine(tmp_path)


class Machine:
    def __init__(self, root: Path) -> None:
        self.bin = root / "bin"
        self.bin.mkdir()
        self.home = root / "home"
        self.home.mkdir()
        for tool in ("ls", "sort"):  # the script's only outside helpers
            found = shutil.which(tool)
            assert found, tool
            (self.bin / tool).symlink_to(found)

    def new_python(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(sys.executable)
        return path

    def old_python(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TOO_OLD)
        path.chmod(0o755)
        return path

    def pyenv(self, root: Path) -> None:
        """A `pyenv` command on the PATH that answers `pyenv root`."""
        self.old_python(self.bin / "python3.13")  # the bare shim, which fails
        command = self.bin / "pyenv"
        command.write_text(f'#!/bin/sh\n[ "$1" = root ] && echo {root}\n')
        command.chmod(0o755)

    def find(self, **variables: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": str(self.bin), "HOME": str(self.home), **variables}
        return subprocess.run(
            [str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30, check=False
        )


def test_python3_is_taken_when_new_enough(machine: Machine) -> None:
    python3 = machine.new_python(machine.bin / "python3")
    machine.new_python(machine.bin / "python3.12")
    result = machine.find()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(python3)


def test_an_old_python3_gives_way_to_python3_12_on_the_path(machine: Machine) -> None:
    machine.old_python(machine.bin / "python3")
    python312 = machine.new_python(machine.bin / "python3.12")
    result = machine.find()
    assert result.stdout.strip() == str(python312)


def test_a_pyenv_version_is_called_by_its_real_binary_not_its_shim(
    machine: Machine, tmp_path: Path
) -> None:
    machine.old_python(machine.bin / "python3")
    root = tmp_path / "pyenv"
    machine.old_python(root / "versions" / "3.11.7" / "bin" / "python3")
    machine.new_python(root / "versions" / "3.12.1" / "bin" / "python3")
    newest = machine.new_python(root / "versions" / "3.13.0" / "bin" / "python3")
    machine.pyenv(root)
    result = machine.find()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(newest)


def test_pyenv_versions_are_found_without_the_pyenv_command(
    machine: Machine, tmp_path: Path
) -> None:
    machine.old_python(machine.bin / "python3")
    root = tmp_path / "elsewhere"
    python = machine.new_python(root / "versions" / "3.12.1" / "bin" / "python3")
    assert machine.find(PYENV_ROOT=str(root)).stdout.strip() == str(python)
    default = machine.new_python(
        machine.home / ".pyenv" / "versions" / "3.13.0" / "bin" / "python3"
    )
    assert machine.find().stdout.strip() == str(default)


def test_no_python_new_enough_stops_with_a_clear_message(machine: Machine) -> None:
    machine.old_python(machine.bin / "python3")
    result = machine.find(PYENV_ROOT=str(machine.home / "none"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Tending needs Python 3.12 or newer, and none was found" in result.stderr
    assert "set PYTHON=" in result.stderr


def test_the_makefile_stops_before_creating_a_venv(machine: Machine, tmp_path: Path) -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    machine.old_python(machine.bin / "python3")
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT.parent.parent / "Makefile", project / "Makefile")
    shutil.copy(SCRIPT, project / "scripts" / "find-python")
    env = {
        "PATH": str(machine.bin),
        "HOME": str(machine.home),
        "PYENV_ROOT": str(machine.home / "none"),
    }
    result = subprocess.run(
        [make, "-C", str(project), ".venv/bin/python"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Tending needs Python 3.12 or newer" in result.stderr
    assert not (project / ".venv").exists()
