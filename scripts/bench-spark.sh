#!/usr/bin/env bash
# Issue 16's benchmark (BENCHMARKS.md, "Spark"): render-layer units/s in one process vs Spark local[1] / local[2] on
# this machine, Spark's overhead, and the per-unit and per-image costs of darknet-tiny that the projection to N
# executors uses. Each row is its own JVM (torch threads are fixed per JVM: all cores in one process, cores/N per
# task under local[N]). Usage: scripts/bench-spark.sh   (OUT=/tmp/visor-bench-spark, VISOR_ZOO_MIRROR=../shared/models)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OMP_WAIT_POLICY=PASSIVE VISOR_ZOO_MIRROR="${VISOR_ZOO_MIRROR:-../shared/models}"
OUT="${OUT:-/tmp/visor-bench-spark}"
rm -rf "$OUT" && mkdir -p "$OUT"
now() { date +%s.%N; }
# run NAME CMD...: the process's wall seconds; its output in $OUT/NAME.log
run() {
  local name=$1; shift
  local s; s=$(now)
  "$@" > "$OUT/$name.log" 2>&1 || { echo "failed: $* (see $OUT/$name.log)" >&2; exit 1; }
  python3 -c "print(f'{$(now) - $s:.1f}')"
}
job() { grep -o 'rendered in [0-9.]* s' "$OUT/$1.log" | grep -o '[0-9.]*' | head -1; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

UNITS=16
R=(--model builtin:fashion-cnn --preset small --layer bn2 --units 0-$((UNITS - 1)) --batch 2 --steps 60 --seed 1 --quiet)
./visor layers --model builtin:fashion-cnn > /dev/null 2>&1   # builds if needed, outside the timings
./visor spark --help > /dev/null 2>&1
w1=$(run single ./visor render-layer "${R[@]}" --out "$OUT/single")
w2=$(run local1 ./visor spark render-layer "${R[@]}" --master 'local[1]' --out "$OUT/local1")
w3=$(run local2 ./visor spark render-layer "${R[@]}" --master 'local[2]' --out "$OUT/local2")
j2=$(job local1); j3=$(job local2)
cmp -s "$OUT/single/bn2_0007.png" "$OUT/local2/bn2_0007.png" && same=yes || same=NO
echo
echo "| fashion-cnn bn2, $UNITS units, batch 2, 60 steps | process wall s | units/s (process) | Spark job s | units/s (job) |"
echo "|---|---|---|---|---|"
python3 - "$w1" "$w2" "$w3" "$j2" "$j3" "$UNITS" <<'PY'
import sys
w1, w2, w3, j2, j3, u = map(float, sys.argv[1:])
print(f"| one process (render-layer, 2 torch threads) | {w1:.1f} | {u/w1:.2f} | — | — |")
print(f"| spark local[1] (1 task × 2 threads) | {w2:.1f} | {u/w2:.2f} | {j2:.1f} | {u/j2:.2f} |")
print(f"| spark local[2] (2 tasks × 1 thread) | {w3:.1f} | {u/w3:.2f} | {j3:.1f} | {u/j3:.2f} |")
print(f"\nSpark start-up and driver work on one machine (local[1] process − one process): {w2 - w1:.1f} s; "
      f"in-job local[2] / local[1]: {j2/j3:.2f}x")
PY
echo "byte-identical PNGs, one process vs local[2]: $same"

# darknet-tiny per-unit cost: one batch of 8 units of the default fourier recipe (128 px), 24 steps, local[1].
w4=$(run dn-render ./visor spark render-layer --master 'local[1]' --model zoo:darknet-tiny --layer leaky_re_lu_8 --units 0-7 \
  --batch 8 --steps 24 --quiet --out "$OUT/dn-render")
j4=$(job dn-render)
./visor spark render-model --model zoo:darknet-tiny --list > "$OUT/dn-list.log" 2>&1
echo
echo "darknet-tiny: 8 units (one batch) × 24 steps in a $j4 s Spark job (process $w4 s); $(tail -1 "$OUT/dn-list.log")"
echo "leaky_re_lu layers only: $(grep leaky_re_lu "$OUT/dn-list.log" | awk '{u+=$2; b+=$4} END {print u " units, " b " batches"}')"

# darknet-tiny per-image dissection cost: a 64-image synthetic probe set (112 px), three layers, local[1].
./visor probe-set synth --out "$OUT/probe" --images 64 --size 112 --seed 3 > "$OUT/probe.log" 2>&1
w5=$(run dn-dissect ./visor spark dissect --master 'local[1]' --model zoo:darknet-tiny --probe "$OUT/probe" \
  --layer leaky_re_lu_4 --layer leaky_re_lu_8 --layer leaky_re_lu_12 --batch-size 16 --top 1 --partitions 2 --out "$OUT/dn-dissect")
echo "darknet-tiny dissect, 64 images, 3 layers (process $w5 s): $(grep '^pass 1' "$OUT/dn-dissect.log")"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
