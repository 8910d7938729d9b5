"""Every command is reachable, documented with --help, and mapped to the module defining it."""

from __future__ import annotations

import importlib

import click
import pytest
from click.testing import CliRunner

from wiredesk.cli.main import COMMAND_MODULES, COMMANDS, cli


@pytest.mark.parametrize("module_name", COMMAND_MODULES)
def test_every_command_of_a_module_is_mapped(module_name: str) -> None:
    module = importlib.import_module(f"wiredesk.cli.{module_name}")
    scratch = click.Group()
    module.register(scratch)
    mapped = {name for name, mod in COMMANDS.items() if mod == module_name}
    assert set(scratch.commands) == mapped


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) > 3
