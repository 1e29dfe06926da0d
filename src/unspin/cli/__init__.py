"""The ``unspin`` command line: a thin adapter over the functional core.

Each sub-command lives in its own module under ``unspin.cli.commands`` and
exposes ``register(subparsers)``; they are discovered, so adding a command
touches no other file. Errors become a one-line message and an exit status:
0 success, 1 failure, 2 usage error. No traceback reaches the user unless
``UNSPIN_DEBUG=1`` is set.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from typing import Sequence

from .. import __version__
from ..blas import one_thread
from ..errors import UnspinError

EPILOG = """\
examples:
  unspin analyze page.txt            readable report: the text with findings marked
  unspin analyze --json page.txt     the report as JSON
  cat page.txt | unspin clean        safe repairs only (encoding, injected spam, repeats)
  unspin restore page.txt            also put back the likely original wording
  unspin analyze --lexicon tortured.csv paper.txt
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2, one line
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="unspin",
        description="Find and undo machine-spun text: spun wording, injected spam, mojibake, repeats.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"unspin {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    from . import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        one_thread()
        return int(args.func(args) or 0)
    except UnspinError as exc:
        _fail(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except MemoryError:
        _fail("out of memory (try a smaller input or the streaming 'scan' command)")
        return 1
    except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging
        if os.environ.get("UNSPIN_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set UNSPIN_DEBUG=1 for a traceback)")
        return 1


def _fail(message: str) -> None:
    try:
        sys.stderr.write(f"unspin: {message}\n")
        sys.stderr.flush()
    except Exception:
        pass


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except Exception:
        pass
