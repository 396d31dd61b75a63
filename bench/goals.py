#!/usr/bin/env python3
"""Every speed and memory goal of mdelist, measured side by side in one run, with ratios.

Peers on the same machine and the same files, in the same run:

  1. one listing, whole process (`check examples/contoso-cognito`), against one
     `rsvg-convert -w 128 -h 128` render of its logo and against the floor (bench/floor.rs:
     read, usvg parse, one resvg render at 128 px; built from the same crates);
  2. a batch (default 3,000 listings) checked with `--jobs 2`, against a `resvg` CLI loop and an
     `rsvg-convert` loop over the first of the same logos (128 px), per logo: once with real
     logos (the brand icons of the simple-icons npm package, CC0, fetched with `npm pack` at a
     pinned version, or any folder of SVG files given with --real-logos), once with generated
     ones (bench/compare.py: plates, motifs and a scribble of up to 1,500 crossing strokes, far
     heavier to render than a real logo);
  3. peak memory (max RSS of mdelist itself) of `check` over 10,000 listings in every format;
  4. `review status` against `check` on the batch; `bundle` and `verify` against
     `zip -9 -X` + `sha256sum` and `unzip -t` + `sha256sum -c` on the same files; `preview`
     against `check`, run again into its folder (the renders unchanged, so only the page is
     rewritten) and into an emptied folder (every file written);
  5. instruction counts (valgrind callgrind), which do not move with the machine's load, for
     the floor, one rsvg-convert render and the mdelist process (its confined worker cannot
     run under valgrind, so its renders are not counted there).

Times are medians of several runs of each command, interleaved so that a change of load
touches every peer alike. Nothing here is asserted: the goals are printed beside the figures.

Usage: python3 bench/goals.py [--listings 3000] [--memory-listings 10000] [--runs 30]
                              [--loop-sample 500] [--real-logos DIR | --no-real-logos]
                              [--binary target/release/mdelist]
                              [--floor target/release/examples/floor] [--resvg PATH]
Build first: cargo build --release --locked && cargo build --release --example floor. mdelist,
its render worker and the floor are copied into the scratch folder and run from there, as
installed programs (see `install`).
Needs rsvg-convert (librsvg2-bin), zip, unzip, sha256sum; valgrind for the counts; a `resvg`
CLI (`cargo install resvg --root DIR`, then --resvg DIR/bin/resvg) for that peer.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import generate, listing  # noqa: E402  (the same generated listings as compare.py)

REAL_LOGOS_PACKAGE = "simple-icons@16.37.0"

TODAY = "2026-11-22"
EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "contoso-cognito")
FORMATS = ["human", "json", "sarif", "junit", "github"]


class Fresh:
    """A command run with `folder` emptied before each run (untimed): it writes every file anew."""

    def __init__(self, command, folder):
        self.command = command
        self.folder = folder


def run_once(command, cwd=None, ok=(0, 1)) -> float:
    if isinstance(command, Fresh):
        shutil.rmtree(command.folder, ignore_errors=True)
        command = command.command
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    elapsed = time.perf_counter() - start
    if result.returncode not in ok:
        sys.exit(f"{' '.join(command)} failed with {result.returncode}: {result.stderr.decode()[:400]}")
    return elapsed


def medians(commands: dict, runs: int, cwd=None) -> dict:
    """Median seconds of each command, the commands interleaved run by run, in an order shuffled
    each run (a command run right after another pays for part of its predecessor's exit)."""
    import random

    for command in commands.values():
        run_once(command, cwd)  # warm the page cache
    times = {name: [] for name in commands}
    order = list(commands)
    shuffle = random.Random(1)
    for _ in range(runs):
        shuffle.shuffle(order)
        for name in order:
            times[name].append(run_once(commands[name], cwd))
    return {name: statistics.median(values) for name, values in times.items()}


def install(path: str, folder: str) -> str:
    """A copy of the program `path` in `folder`, as an install makes one. The linker writes its
    output in pieces, and on ext4 a file so written is mapped from the page cache in small
    pieces at every start of the program: about 1 ms more per process for mdelist here than the
    same bytes copied (cargo install, a release tarball, a package all copy)."""
    target = os.path.join(folder, os.path.basename(path))
    shutil.copy2(path, target)
    return target


def loop_seconds(commands: list) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def peak_rss_mib(command) -> float:
    """Max RSS of one child, measured in a fresh process so no earlier child counts."""
    script = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    output = subprocess.run([sys.executable, "-c", script, *command], capture_output=True, text=True)
    return int(output.stdout.strip()) / 1024


def instructions(command, cwd=None) -> int:
    """Instructions executed by `command` (the process itself, not its children)."""
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "callgrind.out")
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=cwd,
        )
        match = re.search(r"Collected : (\d+)", result.stderr)
        return int(match.group(1)) if match else 0


def fetch_real_logos(scratch: str) -> str:
    """The icons folder of the pinned simple-icons package, unpacked in `scratch`."""
    subprocess.run(["npm", "pack", "--silent", REAL_LOGOS_PACKAGE], cwd=scratch, check=True,
                   stdout=subprocess.DEVNULL)
    (tarball,) = [name for name in os.listdir(scratch) if name.endswith(".tgz")]
    subprocess.run(["tar", "xzf", tarball], cwd=scratch, check=True)
    return os.path.join(scratch, "package", "icons")


def real_batch(root: str, count: int, folder: str, seed: int) -> list:
    """`count` listings, each with one of the SVG files of `folder` (in name order, repeated
    when there are fewer) as its logo and a generated listing.toml."""
    import random

    rng = random.Random(seed)
    svgs = sorted(name for name in os.listdir(folder) if name.endswith(".svg"))
    if not svgs:
        sys.exit(f"no .svg files in {folder}")
    logos = []
    for index in range(count):
        listing_folder = os.path.join(root, f"vendor-{index:04d}")
        os.makedirs(listing_folder)
        with open(os.path.join(listing_folder, "listing.toml"), "w") as handle:
            handle.write(listing(index, rng))
        path = os.path.join(listing_folder, "logo.svg")
        shutil.copyfile(os.path.join(folder, svgs[index % len(svgs)]), path)
        logos.append(path)
    return logos


def batch_rows(label: str, binary: str, batch: str, logos: list, args, png: str) -> list:
    """Section 2 for one batch; returns the check command."""
    sizes = sorted(os.path.getsize(path) for path in logos)
    print(f"\n2. batch of {len(logos)} listings, {label} (logos {sizes[0]}–{sizes[-1]} bytes, median {sizes[len(sizes) // 2]})")
    check_batch = [binary, "check", "--jobs", "2", "--format", "json", "--today", TODAY, batch]
    batch_runs = medians({"check": check_batch}, 3)["check"]
    per_listing = batch_runs / len(logos) * 1000
    row("check --jobs 2, per listing", per_listing, "ms", goal="≤ 0.5 ms")
    rsvg = shutil.which("rsvg-convert")
    sample = logos[: args.loop_sample]
    rsvg_loop = loop_seconds([[rsvg, "-w", "128", "-h", "128", "-o", png, path] for path in sample])
    row(f"per listing (peer loops over {len(sample)} logos)", per_listing, "ms",
        "rsvg-convert loop, per logo", rsvg_loop / len(sample) * 1000, "≤ 0.1×")
    if args.resvg:
        resvg_loop = loop_seconds([[args.resvg, "-w", "128", "-h", "128", path, png] for path in sample])
        row("", per_listing, "ms", "resvg CLI loop, per logo", resvg_loop / len(sample) * 1000, "≤ 0.33×")
    else:
        print("   (no resvg CLI: give --resvg PATH for that peer)")
    return check_batch


def row(label: str, ours: float, unit: str, peer_label: str = "", peer: float = 0.0, goal: str = "") -> None:
    line = f"{label:46} {ours:10.2f} {unit:<4}"
    if peer_label:
        line += f" {peer_label:>26} {peer:10.2f} {unit:<4} {ours / peer:6.2f}×"
    if goal:
        line += f"  (goal {goal})"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listings", type=int, default=3000)
    parser.add_argument("--memory-listings", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--loop-sample", type=int, default=500,
                        help="logos the peer loops render (their time per logo is compared)")
    parser.add_argument("--binary", default="target/release/mdelist")
    parser.add_argument("--floor", default="target/release/examples/floor")
    parser.add_argument("--resvg", default=shutil.which("resvg"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-valgrind", action="store_true")
    parser.add_argument("--real-logos", default=None,
                        help=f"a folder of SVG logos for the real batch (default: {REAL_LOGOS_PACKAGE} via npm)")
    parser.add_argument("--no-real-logos", action="store_true", help="only the generated batch")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    floor = os.path.abspath(args.floor)
    rsvg = shutil.which("rsvg-convert")
    for tool, path in [("mdelist", binary), ("the floor", floor), ("rsvg-convert", rsvg)]:
        if not path or not os.path.exists(path):
            sys.exit(f"{tool} is missing ({path}); see the usage at the top of this script")
    example = os.path.abspath(EXAMPLE)
    example_logo = os.path.join(example, "logo.svg")

    print(f"machine: {os.cpu_count()} cores; {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    with tempfile.TemporaryDirectory() as scratch:
        installed = os.path.join(scratch, "bin")
        os.makedirs(installed)
        worker = os.path.join(os.path.dirname(binary), "mdelist-render-worker")
        if not os.path.exists(worker):
            sys.exit(f"the render worker is missing ({worker}); build it with cargo build --release")
        binary, floor = install(binary, installed), install(floor, installed)
        install(worker, installed)  # beside mdelist, which runs it for every logo
        # 1. One listing, whole process.
        png = os.path.join(scratch, "render.png")
        single = medians({
            "check": [binary, "check", "--today", TODAY, example],
            "rsvg": [rsvg, "-w", "128", "-h", "128", "-o", png, example_logo],
            "floor": [floor, example_logo],
        }, args.runs)
        print("\n1. one listing, whole process (medians of", args.runs, "runs)")
        row("check examples/contoso-cognito", single["check"] * 1000, "ms", "rsvg-convert -w 128 -h 128", single["rsvg"] * 1000, "≤ 0.5×")
        row("", single["check"] * 1000, "ms", "floor (read, parse, render)", single["floor"] * 1000, "≤ 4×")

        # 2. A batch of real logos, then one of generated logos.
        if not args.no_real_logos:
            folder = args.real_logos
            if folder is None:
                fetched = os.path.join(scratch, "real-logos")
                os.makedirs(fetched)
                folder = fetch_real_logos(fetched)
            real = os.path.join(scratch, "real")
            os.makedirs(real)
            real_logos = real_batch(real, args.listings, folder, args.seed)
            source = args.real_logos or REAL_LOGOS_PACKAGE
            batch_rows(f"real logos ({source})", binary, real, real_logos, args, png)
            shutil.rmtree(real)
        batch = os.path.join(scratch, "batch")
        os.makedirs(batch)
        logos = generate(batch, args.listings, args.seed)
        check_batch = batch_rows("generated logos", binary, batch, logos, args, png)

        # 3. Peak memory, every format.
        memory = os.path.join(scratch, "memory")
        os.makedirs(memory)
        generate(memory, args.memory_listings, args.seed + 1)
        print(f"\n3. peak memory of mdelist (max RSS), check over {args.memory_listings} listings")
        for format_name in FORMATS:
            peak = peak_rss_mib([binary, "check", "--jobs", "2", "--format", format_name, "--today", TODAY, memory])
            row(f"--format {format_name}", peak, "MiB", goal="≤ 40 MiB")
        shutil.rmtree(memory)

        # 4. The other commands against their peers.
        print("\n4. the other commands")
        review = medians({
            "review": [binary, "review", "status", "--jobs", "2", "--today", TODAY, batch],
            "check": check_batch,
        }, 3)
        row(f"review status, {args.listings} listings", review["review"], "s", "check on them", review["check"], "≤ 1×")
        out = os.path.join(scratch, "bundles")
        os.makedirs(out)
        bundle_command = [binary, "bundle", "--today", TODAY, "--out", out, example]
        run_once(bundle_command)
        archive = os.path.join(out, next(name for name in os.listdir(out) if name.endswith(".zip")))
        unpacked = os.path.join(scratch, "unpacked")
        subprocess.run(["unzip", "-q", archive, "-d", unpacked], check=True)
        (top,) = os.listdir(unpacked)
        files = sorted(
            os.path.relpath(os.path.join(folder, name), unpacked)
            for folder, _, names in os.walk(unpacked) for name in names
        )
        peer_zip = os.path.join(scratch, "peer.zip")
        sums = os.path.join(top, "SHA256SUMS")
        zip_and_sum = ["sh", "-c", 'rm -f "$0" && zip -q -9 -X "$0" "$@" && sha256sum "$@" >/dev/null', peer_zip, *files]
        check_sums = ["sh", "-c", f'unzip -q -t "$0" && cd {top} && sha256sum -c --quiet SHA256SUMS', archive]
        if not os.path.exists(os.path.join(unpacked, sums)):
            check_sums = ["sh", "-c", 'unzip -q -t "$0" && sha256sum "$@" >/dev/null', archive, *files]
        preview_out = os.path.join(scratch, "preview")
        fresh_out = os.path.join(scratch, "fresh-preview")
        others = medians({
            "bundle": bundle_command,
            "zip": zip_and_sum,
            "verify": [binary, "verify", "--today", TODAY, archive],
            "unzip": check_sums,
            "preview": [binary, "preview", "--today", TODAY, "--out", preview_out, example],
            "fresh preview": Fresh([binary, "preview", "--today", TODAY, "--out", fresh_out, example], fresh_out),
            "check": [binary, "check", "--today", TODAY, example],
        }, args.runs, cwd=unpacked)
        row("bundle examples/contoso-cognito", others["bundle"] * 1000, "ms", "zip -9 -X + sha256sum", others["zip"] * 1000, "≤ 2×")
        row("verify its bundle", others["verify"] * 1000, "ms", "unzip -t + sha256sum -c", others["unzip"] * 1000, "≤ 2×")
        row("preview examples/contoso-cognito, again", others["preview"] * 1000, "ms", "check", others["check"] * 1000, "≤ 1.5×")
        row("the same into an empty folder", others["fresh preview"] * 1000, "ms", "check", others["check"] * 1000, "≤ 1.5×")

        # 5. Instruction counts.
        if not args.no_valgrind and shutil.which("valgrind"):
            print("\n5. instructions (valgrind callgrind), one listing; mdelist's renders run in its worker, not counted")
            counted = {
                "floor": instructions([floor, example_logo]),
                "rsvg-convert -w 128 -h 128": instructions([rsvg, "-w", "128", "-h", "128", "-o", png, example_logo]),
                "mdelist check (process, no worker)": instructions([binary, "check", "--today", TODAY, example]),
            }
            for label, count in counted.items():
                print(f"{label:46} {count / 1e6:10.1f} M")
    print(f"\nafter: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
