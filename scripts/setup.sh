#!/usr/bin/env bash
# Installs what Visor needs on a Debian machine: Java 17 and Maven are expected; the data packages below are
# read by the tests and the demo. Without root or apt, says what to install and goes on.
set -euo pipefail
need=()
[ -d /usr/share/libonnx-testdata/data/node ] || need+=(libonnx-testdata)
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
# tcmalloc: libtorch's per-op buffers are reused instead of page-faulted anew (see ./visor).
[ -f /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 ] || need+=(libtcmalloc-minimal4)
# chromium + chromedriver: the browser tests of the gallery and of `visor serve` (Selenium, headless, no download).
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -eq 0 ]; then
  echo "setup: system packages present (libonnx-testdata, dataset-fashion-mnist, libtcmalloc-minimal4, chromium, chromium-driver)"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "setup: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "setup: please install these Debian packages (as root): apt-get install -y ${need[*]}" >&2
fi
command -v java >/dev/null || { echo "setup: Java 17 is required (apt-get install -y openjdk-17-jdk)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "setup: Maven is required (apt-get install -y maven)" >&2; exit 1; }
