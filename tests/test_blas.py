"""unspin.blas: the command line and scan workers run BLAS on one thread."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_one_thread_limits_the_loaded_blas():
    pytest.importorskip("threadpoolctl")
    code = ("import numpy, threadpoolctl; from unspin.blas import one_thread; one_thread(); "
            "print(sorted({p['num_threads'] for p in threadpoolctl.threadpool_info() if p['user_api'] == 'blas'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out in ("[1]", "[]")  # [] where numpy's BLAS is not one threadpoolctl knows
