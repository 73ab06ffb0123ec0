"""Every command of the CLI is documented in the README."""
from pathlib import Path

import click

from onrecord.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix=""):
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, full + " ")
        else:
            yield full


def test_every_command_is_in_the_readme():
    missing = [c for c in _commands(main) if f"onrecord {c}" not in README]
    assert not missing, missing


def test_readme_has_setup_run_and_test_commands():
    assert "pip install -e '.[dev]'" in README
    assert "onrecord extract examples/" in README
    assert "python -m pytest -q" in README
