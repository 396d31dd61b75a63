#!/usr/bin/env bash
# Runs fuzz targets for a while each: `fuzz/run.sh [SECONDS] [TARGET...]` (default 600 s, all).
# New inputs go to fuzz/corpus/<target>/ (not committed); crashes to fuzz/artifacts/<target>/.
# A target with a dictionary (fuzz/dictionaries/<target>.dict) gets it.
# The toolchain here is stable, so RUSTC_BOOTSTRAP lets cargo-fuzz pass its -Z flags; the
# sanitizer is off because the project's own code forbids `unsafe`: panics, hangs and memory
# blow-ups are what is hunted.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(manifest logo press words verify css worker_protocol)
fi
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    dictionary=()
    if [ -f "dictionaries/$target.dict" ]; then
        dictionary=(-dict="dictionaries/$target.dict")
    fi
    cargo fuzz run -s none "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        "${dictionary[@]}"
done
