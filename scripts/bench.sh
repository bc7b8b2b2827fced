#!/usr/bin/env bash
# The benchmark tables of BENCHMARKS.md. Each prints a markdown table; ratios are to baselines measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL="${BENCH_MODEL:-zoo:darknet-tiny}"
[ -d ../shared/models ] && export VISOR_ZOO_MIRROR="${VISOR_ZOO_MIRROR:-$(cd ../shared/models && pwd)}"
FORWARD_MODELS="${BENCH_FORWARD_MODELS:-$MODEL,builtin:fashion-cnn}"
echo "## forward (models $FORWARD_MODELS)"; ./visor bench forward --model "$FORWARD_MODELS"
echo; echo "## training"; ./visor bench train
echo; echo "## render (model $MODEL)"; ./visor bench render --model "$MODEL"
echo; echo "## invert (model $MODEL)"; ./visor bench invert --model "$MODEL"
echo; echo "## project (model $MODEL)"; ./visor bench project --model "$MODEL"
echo; echo "## sanity"; ./visor bench sanity
echo; echo "## top (dataset pass)"; ./visor bench top
echo; echo "## serve (web app, loopback)"; ./visor bench serve
