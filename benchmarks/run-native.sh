#!/usr/bin/env bash
# Java tools against upstream's C tools on a real Ouroboros installation, measured in one run with
# the runs of each pair alternating (C, Java, C, Java, ...):
#   - round trips per second and RTT percentiles of `oping` vs `JavaPing` against the same
#     `oping -l` server, flooding (-f) and busy-polling (-F);
#   - one-way packets/s and Mbit/s of `ocbr` vs `JavaCbr` flooding the same `ocbr -l` receiver
#     (counted by the receiver) at 64 B, 1400 B and 64 KiB;
# with client and server both pinned to one CPU (taskset), and both unpinned.
# Prints each pair with the Java/C ratio and draws a PNG chart of Java vs C across packet sizes.
#
# Needs: irmd running with a layer (LAYER, default "local"), irm/oping/ocbr on the PATH, java 17+,
# python3, and gnuplot or python3-matplotlib for the chart. It never builds Ouroboros; it builds
# the Java tools jar with Maven only when it is missing. Run as the same user as irmd's other
# processes (root here): flows between different users fail in Ouroboros 0.23.
#
# Settings (environment): LAYER=local REPEATS=2 PING_COUNT=200000 PCT_COUNT=20000 CBR_SECONDS=3
# CPU=0 (the CPU for pinned runs) OUT=benchmarks/target/native-<time> CHART=docs/benchmarks-native.png
# PARTS="ping-pinned ping-unpinned busy cbr-pinned cbr-unpinned" CBR_SIZES="64 1400 65536";
# SUMMARISE="a/results.tsv b/results.tsv" only prints the summary and draws the chart of earlier runs.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
LAYER=${LAYER:-local}
REPEATS=${REPEATS:-2}
PING_COUNT=${PING_COUNT:-200000}
PCT_COUNT=${PCT_COUNT:-20000}
CBR_SECONDS=${CBR_SECONDS:-3}
CPU=${CPU:-0}
OUT=${OUT:-$ROOT/benchmarks/target/native-$(date +%Y%m%d-%H%M%S)}
CHART=${CHART:-$ROOT/docs/benchmarks-native.png}
PARTS=${PARTS:-ping-pinned ping-unpinned busy cbr-pinned cbr-unpinned}
CBR_SIZES=${CBR_SIZES:-64 1400 65536}
SUMMARISE=${SUMMARISE:-}
JAR=$ROOT/ouroboros-tools/target/ouroboros-tools.jar
PING_NAME=bench-oping-$$
CBR_NAME=bench-ocbr-$$

fail() { echo "run-native.sh: $*" >&2; exit 1; }

for tool in irm oping ocbr java python3 taskset; do
	command -v "$tool" >/dev/null || fail "$tool is not on the PATH (install Ouroboros and its tools first; this script does not build them)"
done
[ -S /var/run/ouroboros/irm.sock ] || fail "no irmd socket at /var/run/ouroboros/irm.sock: start irmd and a layer first"
if [ ! -f "$JAR" ]; then
	echo "Building the Java tools jar"
	mvn -B -q -pl ouroboros-tools -am package -DskipTests >/dev/null || fail "building $JAR failed"
fi
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: > "$RESULTS"

SERVER_PID=
stop_server() {
	# SIGKILL, not SIGTERM: the C servers' SIGTERM handlers cancel threads inside the dev library,
	# which can wedge a size class of the shared packet pool until irmd restarts
	if [ -n "$SERVER_PID" ]; then
		kill -9 "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
}
cleanup() {
	stop_server
	irm name destroy "$PING_NAME" >/dev/null 2>&1 || true
	irm name destroy "$CBR_NAME" >/dev/null 2>&1 || true
}
trap cleanup EXIT

irm name register "$PING_NAME" layer "$LAYER" >/dev/null || fail "cannot register $PING_NAME in layer $LAYER"
irm name register "$CBR_NAME" layer "$LAYER" >/dev/null || fail "cannot register $CBR_NAME in layer $LAYER"

# pin PLACEMENT: "pinned" runs the command on CPU $CPU, "unpinned" as is
pin() {
	local placement=$1; shift
	if [ "$placement" = pinned ]; then taskset -c "$CPU" "$@"; else "$@"; fi
}

# start_server PLACEMENT NAME LOG COMMAND...: starts a C server and binds it to NAME
start_server() {
	local placement=$1 name=$2 log=$3; shift 3
	stop_server
	local pin=()
	[ "$placement" = pinned ] && pin=(taskset -c "$CPU")
	# started directly (not through a shell function) so that $! is the server's own pid
	"${pin[@]}" stdbuf -oL "$@" > "$log" 2>&1 < /dev/null &
	SERVER_PID=$!
	for _ in $(seq 1 50); do
		irm bind process "$SERVER_PID" name "$name" >/dev/null 2>&1 && { sleep 0.3; return 0; }
		sleep 0.1
	done
	fail "could not bind $* (pid $SERVER_PID) to $name; see $log"
}

JAVA_PING=(java -cp "$JAR" rocks.ouroboros.tools.ping.JavaPing --backend native --no-progress)
JAVA_CBR=(java -cp "$JAR" rocks.ouroboros.tools.cbr.JavaCbr --backend native --no-progress)

# record KIND PLACEMENT MODE SIZE IMPL METRIC VALUE
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS"; }

# ---------------------------------------------------------------- round trips

# ping_run PLACEMENT FLAG IMPL LOG: one throughput run, quiet
ping_run() {
	local placement=$1 flag=$2 impl=$3 log=$4
	if [ "$impl" = C ]; then
		pin "$placement" oping -n "$PING_NAME" -c "$PING_COUNT" "$flag" -Q > "$log" 2>&1
	else
		pin "$placement" "${JAVA_PING[@]}" -n "$PING_NAME" -c "$PING_COUNT" "$flag" -Q > "$log" 2>&1
	fi
	python3 - "$log" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding='utf-8', errors='replace').read()
m = re.search(r'(\d+) packets transmitted, (\d+) received.*time: ([0-9.]+) ms', text)
if not m:
    sys.exit('no statistics in ' + sys.argv[1] + ':\n' + text[-400:])
print(int(m.group(2)) / (float(m.group(3)) / 1000.0))
EOF
}

# pct_run PLACEMENT FLAG IMPL LOG: one run printing every reply; prints "p50 p90 p99 p99.9" in µs
pct_run() {
	local placement=$1 flag=$2 impl=$3 log=$4
	if [ "$impl" = C ]; then
		pin "$placement" oping -n "$PING_NAME" -c "$PCT_COUNT" "$flag" > "$log" 2>&1
	else
		pin "$placement" "${JAVA_PING[@]}" -n "$PING_NAME" -c "$PCT_COUNT" "$flag" > "$log" 2>&1
	fi
	python3 - "$log" <<'EOF'
import re, sys
times = []
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    m = re.search(r'time=([0-9.]+) (ms|µs)', line)
    if m:
        times.append(float(m.group(1)) * (1000.0 if m.group(2) == 'ms' else 1.0))
if not times:
    sys.exit('no replies in ' + sys.argv[1])
times.sort()
def pct(p):
    return times[min(len(times) - 1, max(0, int(round(p / 100.0 * len(times) + 0.5)) - 1))]
print(' '.join('%.1f' % pct(p) for p in (50, 90, 99, 99.9)))
EOF
}

ping_pair() {
	local placement=$1 mode=$2 flag=$3
	start_server "$placement" "$PING_NAME" "$OUT/oping-server-$placement.log" oping -l -Q
	for r in $(seq 1 "$REPEATS"); do
		for impl in C Java; do
			local rate
			rate=$(ping_run "$placement" "$flag" "$impl" "$OUT/ping-$placement-$mode-$impl-$r.log")
			record ping "$placement" "$mode" 64 "$impl" rtps "$rate"
			printf '  %-8s %-6s %-4s run %d: %10.0f round trips/s\n' "$placement" "$mode" "$impl" "$r" "$rate"
		done
	done
	for impl in C Java; do
		local p
		p=$(pct_run "$placement" "$flag" "$impl" "$OUT/pct-$placement-$mode-$impl.log")
		record ping "$placement" "$mode" 64 "$impl" pct "$p"
		printf '  %-8s %-6s %-4s RTT p50/p90/p99/p99.9: %s µs\n' "$placement" "$mode" "$impl" "$p"
	done
	stop_server
}

# ---------------------------------------------------------------- one way

# cbr_run PLACEMENT SIZE IMPL LOG SERVERLOG: one flood; prints "pps mbps" counted by the receiver
cbr_run() {
	local placement=$1 size=$2 impl=$3 log=$4 server_log=$5
	local before
	before=$(grep -c 'timed out' "$server_log" || true)
	local from
	from=$(wc -l < "$server_log")
	if [ "$impl" = C ]; then
		pin "$placement" ocbr -n "$CBR_NAME" -f -s "$size" -d "$CBR_SECONDS" > "$log" 2>&1
	else
		pin "$placement" "${JAVA_CBR[@]}" -n "$CBR_NAME" -f -s "$size" -d "$CBR_SECONDS" > "$log" 2>&1
	fi
	for _ in $(seq 1 100); do
		[ "$(grep -c 'timed out' "$server_log" || true)" -gt "$before" ] && break
		sleep 0.1
	done
	tail -n +"$((from + 1))" "$server_log" | python3 -c '
import re, sys
packets = bytes_ = 0
us = 0.0
for line in sys.stdin:
    m = re.search(r"(\d+) packets \(\s*(\d+) bytes\) in\s+(\d+) ms", line)
    if m and int(m.group(1)) > 0:
        packets += int(m.group(1)); bytes_ += int(m.group(2)); us += int(m.group(3)) * 1000.0
if us == 0:
    sys.exit("the receiver counted nothing")
print("%.0f %.1f" % (packets / us * 1e6, bytes_ * 8 / us))'
}

cbr_pairs() {
	local placement=$1
	local server_log=$OUT/ocbr-server-$placement.log
	start_server "$placement" "$CBR_NAME" "$server_log" ocbr -l -i 1 -t 1
	for size in $CBR_SIZES; do
		for r in $(seq 1 "$REPEATS"); do
			for impl in C Java; do
				local result
				result=$(cbr_run "$placement" "$size" "$impl" "$OUT/cbr-$placement-$size-$impl-$r.log" "$server_log")
				record cbr "$placement" flood "$size" "$impl" pps "${result% *}"
				record cbr "$placement" flood "$size" "$impl" mbps "${result#* }"
				printf '  %-8s %6d B %-4s run %d: %10.0f packets/s %10.1f Mbit/s\n' "$placement" "$size" "$impl" "$r" ${result}
			done
		done
	done
	stop_server
}

has() { case " $PARTS " in *" $1 "*) return 0;; *) return 1;; esac; }
if [ -z "$SUMMARISE" ]; then
	echo "Java vs C on Ouroboros ($(irmd --version 2>/dev/null || echo irmd)), layer $LAYER, $(nproc) CPUs; logs in $OUT"
	echo "Round trips (${PING_COUNT} per run, percentiles over ${PCT_COUNT} printed replies):"
	has ping-pinned && ping_pair pinned flood -f
	has ping-unpinned && ping_pair unpinned flood -f
	has busy && ping_pair unpinned busy -F
	echo "One way, flooding for ${CBR_SECONDS} s, counted by the ocbr receiver:"
	has cbr-pinned && cbr_pairs pinned
	has cbr-unpinned && cbr_pairs unpinned
else
	cat $SUMMARISE > "$RESULTS"
fi

# ---------------------------------------------------------------- summary and chart

python3 - "$RESULTS" "$OUT/summary.tsv" <<'EOF'
import sys
from collections import defaultdict
rows = [line.rstrip('\n').split('\t') for line in open(sys.argv[1])]
means = defaultdict(list)
for kind, placement, mode, size, impl, metric, value in rows:
    if metric != 'pct':
        means[(kind, placement, mode, int(size), metric, impl)].append(float(value))
print()
print('%-5s %-9s %-6s %7s %-5s %14s %14s %7s' % ('test', 'placement', 'mode', 'size', 'unit', 'C', 'Java', 'Java/C'))
with open(sys.argv[2], 'w') as summary:
    for key in sorted({k[:5] for k in means}):
        kind, placement, mode, size, metric = key
        c = sum(means[key + ('C',)]) / len(means[key + ('C',)])
        j = sum(means[key + ('Java',)]) / len(means[key + ('Java',)])
        print('%-5s %-9s %-6s %7d %-5s %14.1f %14.1f %7.2f' % (kind, placement, mode, size, metric, c, j, j / c))
        summary.write('%s\t%s\t%s\t%d\t%s\t%.1f\t%.1f\t%.3f\n' % (kind, placement, mode, size, metric, c, j, j / c))
for kind, placement, mode, size, impl, metric, value in rows:
    if metric == 'pct':
        print('RTT p50/p90/p99/p99.9 %-9s %-6s %-4s %s µs' % (placement, mode, impl, value))
EOF

# chart: one-way packets/s by size (pinned and unpinned), Java vs C, log scale
awk -F'\t' '$1 == "cbr" && $5 == "pps" { print $2, $4, $6, $7 }' "$OUT/summary.tsv" > "$OUT/chart.dat"
if python3 -c 'import matplotlib' 2>/dev/null; then
	python3 - "$OUT/chart.dat" "$CHART" <<'EOF'
import sys
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
rows = [line.split() for line in open(sys.argv[1])]
fig, ax = plt.subplots(figsize=(7, 4))
for placement, style in (('pinned', '-'), ('unpinned', '--')):
    pts = sorted((int(s), float(c), float(j)) for p, s, c, j in rows if p == placement)
    ax.plot([p[0] for p in pts], [p[1] for p in pts], 'o' + style, label='C ocbr, ' + placement)
    ax.plot([p[0] for p in pts], [p[2] for p in pts], 's' + style, label='JavaCbr, ' + placement)
ax.set_xscale('log'); ax.set_yscale('log'); ax.set_xlabel('packet size (B)'); ax.set_ylabel('packets/s received')
ax.legend(); ax.grid(True, which='both', alpha=0.3)
fig.savefig(sys.argv[2], dpi=100, bbox_inches='tight')
EOF
elif command -v gnuplot >/dev/null; then
	for p in pinned unpinned; do grep "^$p " "$OUT/chart.dat" | sort -k2 -n > "$OUT/chart-$p.dat" || true; done
	gnuplot <<EOF
set terminal pngcairo size 800,450 noenhanced
set output "$CHART"
set title "One way through Ouroboros: C ocbr vs JavaCbr into the same ocbr receiver"
set logscale xy
set xlabel "packet size (B)"
set ylabel "packets/s received"
set xtics ("64" 64, "1400" 1400, "64 KiB" 65536)
set key outside right
set grid
plot "$OUT/chart-pinned.dat" using 2:3 with linespoints title "C, pinned", \
     "$OUT/chart-pinned.dat" using 2:4 with linespoints title "Java, pinned", \
     "$OUT/chart-unpinned.dat" using 2:3 with linespoints dashtype 2 title "C, unpinned", \
     "$OUT/chart-unpinned.dat" using 2:4 with linespoints dashtype 2 title "Java, unpinned"
EOF
else
	echo "No chart: install python3-matplotlib or gnuplot (apt-get install gnuplot-nox)"
fi
[ -f "$CHART" ] && echo "Chart: $CHART"
echo "Results: $OUT/summary.tsv"
