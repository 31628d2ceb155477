#!/usr/bin/env bash
# Java against upstream's C tools on a real Ouroboros installation, everything issue 7 names in one
# run, the runs of each pair alternating (C, Java, C, Java, ...), both sides pinned the same way:
#   - round trips/s and RTT percentiles of `oping` vs `JavaPing` against the same `oping -l` server,
#     flooding (-f) and busy-polling (-F), with client and server on one CPU and unpinned;
#   - C `oping -f` clients against the Java listener container (PingListenerApplication, one
#     @OuroborosListener on the native backend) vs against `oping -l`, on one CPU and unpinned;
#   - one-way packets/s and Mbit/s of `ocbr` vs `JavaCbr` flooding the same `ocbr -l` receiver
#     (packets counted by the receiver, over the sender's sending time) at 64 B, 1400 B and 64 KiB
#     (64 KiB last: upstream's pool is the likeliest to wedge there), on one CPU and unpinned.
# Round-trip runs are long enough (PING_COUNT) that the Java side's JIT warm-up, which the figures
# include, weighs little: with 200,000 round trips the JVM's first seconds (below its steady rate
# for 2-3 s on this team's machine) cost Java a tenth of its rate. Floods stay short (CBR_SECONDS):
# with 6 s floods a C ocbr sender got stuck in upstream's packet pool in most runs on that machine
# (C alone gets stuck in 3 s floods too, now and then).
# Prints each pair with the Java/C ratio and draws a PNG chart of Java vs C across packet sizes.
#
# Upstream's pool can wedge (see docs/benchmarks.md): every client run has a timeout (STEP_TIMEOUT,
# for a flood at most CBR_SECONDS + 30 s) and is killed with SIGKILL when it runs out, C servers
# are always stopped with SIGKILL, every wait is bounded, and a failed step is reported by name
# (its log kept) while the run goes on; the exit status is 2 when a step failed.
#
# Needs: irmd running with a layer (LAYER, default "local"), irm/oping/ocbr on the PATH, java 17+,
# python3, and gnuplot or python3-matplotlib for the chart. It never builds Ouroboros; it builds
# the Java jars with Maven when they are missing. Run as the same user as irmd's other processes
# (root here): flows between different users fail in Ouroboros 0.23.
#
# Settings (environment): LAYER=local REPEATS=2 PING_COUNT=600000 PCT_COUNT=20000 CBR_SECONDS=3
# STEP_TIMEOUT=120 CPU=0 (the CPU for pinned runs) OUT=benchmarks/target/native-<time>
# JAVA=java (the JVM of the Java side; on Java 22+ it runs with --enable-native-access=ALL-UNNAMED,
# and the per-packet calls go through the FFM API instead of JNA)
# CHART=docs/benchmarks-native.png CBR_SIZES="64 1400 65536"
# PARTS="ping-pinned ping-unpinned busy-pinned busy-unpinned listener-pinned listener-unpinned cbr"
# SUMMARISE="a/results.tsv b/results.tsv" only prints the summary and draws the chart of earlier runs.
# RECOVER="command" (none by default): when a flood's sender is stuck in upstream's pool (C ocbr
# waits there without timeout, and a killed waiter leaves that packet size wedged for every later
# process until irmd restarts), run this command to restart irmd and its layer, then run the flood
# once more; the run says how often it did. Only for a machine of your own: irmd's restart ends
# every Ouroboros program on it.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
LAYER=${LAYER:-local}
REPEATS=${REPEATS:-2}
PING_COUNT=${PING_COUNT:-600000}
PCT_COUNT=${PCT_COUNT:-20000}
CBR_SECONDS=${CBR_SECONDS:-3}
STEP_TIMEOUT=${STEP_TIMEOUT:-120}
CPU=${CPU:-0}
OUT=${OUT:-$ROOT/benchmarks/target/native-$(date +%Y%m%d-%H%M%S)}
CHART=${CHART:-$ROOT/docs/benchmarks-native.png}
PARTS=${PARTS:-ping-pinned ping-unpinned busy-pinned busy-unpinned listener-pinned listener-unpinned cbr}
CBR_SIZES=${CBR_SIZES:-64 1400 65536}
SUMMARISE=${SUMMARISE:-}
RECOVER=${RECOVER:-}
RECOVERED=0
JAVA=${JAVA:-java}
JAR=$ROOT/ouroboros-tools/target/ouroboros-tools.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
PING_NAME=bench-oping-$$
CBR_NAME=bench-ocbr-$$
FAILED=()

fail() { echo "run-native.sh: $*" >&2; exit 1; }

for tool in irm oping ocbr "$JAVA" python3 taskset timeout; do
	command -v "$tool" >/dev/null || fail "$tool is not on the PATH (install Ouroboros and its tools first; this script does not build them)"
done
if [ -z "$SUMMARISE" ]; then
	[ -S /var/run/ouroboros/irm.sock ] || fail "no irmd socket at /var/run/ouroboros/irm.sock: start irmd and a layer first"
	if [ ! -f "$JAR" ]; then
		echo "Building the Java tools jar"
		mvn -B -q -pl ouroboros-tools -am package -DskipTests >/dev/null || fail "building $JAR failed"
	fi
	if [ ! -f "$BENCH_JAR" ]; then
		echo "Building the benchmarks jar"
		mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests >/dev/null || fail "building $BENCH_JAR failed"
	fi
fi
JAVA_FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
JVM=("$JAVA")
[ "${JAVA_FEATURE:-17}" -ge 22 ] && JVM+=(--enable-native-access=ALL-UNNAMED)
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

if [ -z "$SUMMARISE" ]; then
	irm name register "$PING_NAME" layer "$LAYER" >/dev/null || fail "cannot register $PING_NAME in layer $LAYER"
	irm name register "$CBR_NAME" layer "$LAYER" >/dev/null || fail "cannot register $CBR_NAME in layer $LAYER"
fi

# step_failed NAME LOG WHY: reports a failed step and remembers it for the end
step_failed() {
	echo "  STEP FAILED: $1: $3 (log: $2)" >&2
	FAILED+=("$1")
}

# client PLACEMENT LOG COMMAND...: runs a client within CLIENT_TIMEOUT (STEP_TIMEOUT unless set;
# then SIGKILL), pinned or not
client() {
	local placement=$1 log=$2; shift 2
	local pin=()
	[ "$placement" = pinned ] && pin=(taskset -c "$CPU")
	timeout -s KILL "${CLIENT_TIMEOUT:-$STEP_TIMEOUT}" "${pin[@]}" "$@" > "$log" 2>&1
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
	stop_server
	return 1
}

# start_java_listener PLACEMENT NAME LOG: starts the Java listener server; it binds NAME itself
start_java_listener() {
	local placement=$1 name=$2 log=$3
	stop_server
	local pin=()
	[ "$placement" = pinned ] && pin=(taskset -c "$CPU")
	"${pin[@]}" "${JVM[@]}" -cp "$BENCH_JAR" rocks.ouroboros.benchmarks.PingListenerApplication --ping.name="$name" \
		> "$log" 2>&1 < /dev/null &
	SERVER_PID=$!
	for _ in $(seq 1 300); do
		grep -q 'ping listener started' "$log" 2>/dev/null && { sleep 1.2; return 0; }
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	stop_server
	return 1
}

JAVA_PING=("${JVM[@]}" -cp "$JAR" rocks.ouroboros.tools.ping.JavaPing --backend native --no-progress)
JAVA_CBR=("${JVM[@]}" -cp "$JAR" rocks.ouroboros.tools.cbr.JavaCbr --backend native --no-progress)

# record KIND PLACEMENT MODE SIZE IMPL METRIC VALUE
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS"; }

# ---------------------------------------------------------------- round trips

# ping_rate LOG: round trips/s from a quiet client's statistics
ping_rate() {
	python3 - "$1" <<'EOF2'
import re, sys
text = open(sys.argv[1], encoding='utf-8', errors='replace').read()
m = re.search(r'(\d+) packets transmitted, (\d+) received.*time: ([0-9.]+) ms', text)
if not m or int(m.group(2)) == 0:
    sys.exit('no statistics')
print(int(m.group(2)) / (float(m.group(3)) / 1000.0))
EOF2
}

# ping_pct LOG: "p50 p90 p99 p99.9" in µs from a client printing every reply
ping_pct() {
	python3 - "$1" <<'EOF2'
import re, sys
times = []
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    m = re.search(r'time=([0-9.]+) (ms|µs)', line)
    if m:
        times.append(float(m.group(1)) * (1000.0 if m.group(2) == 'ms' else 1.0))
if not times:
    sys.exit('no replies')
times.sort()
def pct(p):
    return times[min(len(times) - 1, max(0, int(round(p / 100.0 * len(times) + 0.5)) - 1))]
print(' '.join('%.1f' % pct(p) for p in (50, 90, 99, 99.9)))
EOF2
}

# ping_client PLACEMENT FLAG IMPL COUNT QUIET LOG: one C or Java client run
ping_client() {
	local placement=$1 flag=$2 impl=$3 count=$4 quiet=$5 log=$6
	local q=()
	[ "$quiet" = yes ] && q=(-Q)
	if [ "$impl" = C ]; then
		client "$placement" "$log" oping -n "$PING_NAME" -c "$count" "$flag" "${q[@]}"
	else
		client "$placement" "$log" "${JAVA_PING[@]}" -n "$PING_NAME" -c "$count" "$flag" "${q[@]}"
	fi
}

ping_pair() {
	local placement=$1 mode=$2 flag=$3
	local step="oping vs JavaPing $flag $placement"
	if ! start_server "$placement" "$PING_NAME" "$OUT/oping-server-$placement-$mode.log" oping -l -Q; then
		step_failed "$step" "$OUT/oping-server-$placement-$mode.log" "oping -l could not be started and bound"
		return 0
	fi
	for r in $(seq 1 "$REPEATS"); do
		for impl in C Java; do
			local log=$OUT/ping-$placement-$mode-$impl-$r.log rate
			if ping_client "$placement" "$flag" "$impl" "$PING_COUNT" yes "$log" && rate=$(ping_rate "$log"); then
				record ping "$placement" "$mode" 64 "$impl" rtps "$rate"
				printf '  %-8s %-6s %-4s run %d: %10.0f round trips/s\n' "$placement" "$mode" "$impl" "$r" "$rate"
			else
				step_failed "$step, $impl run $r" "$log" "no result within ${STEP_TIMEOUT}s"
			fi
		done
	done
	for impl in C Java; do
		local log=$OUT/pct-$placement-$mode-$impl.log p
		if ping_client "$placement" "$flag" "$impl" "$PCT_COUNT" no "$log" && p=$(ping_pct "$log"); then
			record ping "$placement" "$mode" 64 "$impl" pct "$p"
			printf '  %-8s %-6s %-4s RTT p50/p90/p99/p99.9: %s µs\n' "$placement" "$mode" "$impl" "$p"
		else
			step_failed "$step, $impl percentiles" "$log" "no result within ${STEP_TIMEOUT}s"
		fi
	done
	stop_server
}

# listener_pair PLACEMENT: C oping -f clients against oping -l (C) and the Java listener (Java)
listener_pair() {
	local placement=$1
	local step="C oping -f against oping -l vs the Java listener, $placement"
	for r in $(seq 1 "$REPEATS"); do
		for impl in C Java; do
			local server_log=$OUT/listener-server-$placement-$impl-$r.log log=$OUT/listener-$placement-$impl-$r.log rate
			if [ "$impl" = C ]; then
				start_server "$placement" "$PING_NAME" "$server_log" oping -l -Q || {
					step_failed "$step, C server run $r" "$server_log" "oping -l could not be started and bound"; continue; }
			else
				start_java_listener "$placement" "$PING_NAME" "$server_log" || {
					step_failed "$step, Java listener run $r" "$server_log" "the listener did not start within 30s"; continue; }
			fi
			if ping_client "$placement" -f C "$PING_COUNT" yes "$log" && rate=$(ping_rate "$log"); then
				record listener "$placement" flood 64 "$impl" rtps "$rate"
				printf '  %-8s server %-4s run %d: %10.0f round trips/s\n' "$placement" "$impl" "$r" "$rate"
			else
				step_failed "$step, $impl server run $r" "$log" "no result within ${STEP_TIMEOUT}s"
			fi
			stop_server
		done
	done
}

# ---------------------------------------------------------------- one way

# cbr_run PLACEMENT SIZE IMPL LOG SERVERLOG: one flood; prints "pps mbps": the packets and bytes the
# receiver counted on the flow, over the time the sender sent (its own "in N ms", ocbr's and
# JavaCbr's clock the same way: from the first write to the end of the duration). Not over the
# receiver's intervals: they run from the flow's accept in whole seconds, so a flood that starts a
# little later spreads over one interval more and the last, nearly empty one counted a full second
# (3 s floods then lost up to a quarter of their rate). Fails when the receiver counted fewer
# packets than the sender wrote.
cbr_run() {
	local placement=$1 size=$2 impl=$3 log=$4 server_log=$5
	local before from
	before=$(grep -c 'timed out' "$server_log" || true)
	from=$(wc -l < "$server_log")
	local rc=0
	# a flood has a known length: a sender that outlives it by 30 s is stuck
	local limit=$((CBR_SECONDS + 30))
	[ "$limit" -lt "$STEP_TIMEOUT" ] || limit=$STEP_TIMEOUT
	if [ "$impl" = C ]; then
		CLIENT_TIMEOUT=$limit client "$placement" "$log" ocbr -n "$CBR_NAME" -f -s "$size" -d "$CBR_SECONDS" || rc=$?
	else
		CLIENT_TIMEOUT=$limit client "$placement" "$log" "${JAVA_CBR[@]}" -n "$CBR_NAME" -f -s "$size" -d "$CBR_SECONDS" || rc=$?
	fi
	[ "$rc" -eq 0 ] || { echo "the sender exited with status $rc (137: killed after ${limit}s)" >&2; return 1; }
	for _ in $(seq 1 100); do
		[ "$(grep -c 'timed out' "$server_log" || true)" -gt "$before" ] && break
		sleep 0.1
	done
	tail -n +"$((from + 1))" "$server_log" | python3 -c '
import re, sys
sent = re.search(r"sent statistics:\s*(\d+) packets,\s*(\d+) bytes in\s*(\d+) ms", open(sys.argv[1]).read())
if not sent or int(sent.group(3)) == 0:
    sys.exit("the sender printed no statistics")
packets = bytes_ = 0
for line in sys.stdin:
    m = re.search(r"(\d+) packets \(\s*(\d+) bytes\) in\s+(\d+) ms", line)
    if m:
        packets += int(m.group(1)); bytes_ += int(m.group(2))
if packets < int(sent.group(1)):
    sys.exit("the receiver counted %d of the %s packets sent" % (packets, sent.group(1)))
us = int(sent.group(3)) * 1000.0
print("%.0f %.1f" % (packets / us * 1e6, bytes_ * 8 / us))' "$log"
}

# recover STEP LOG: after a stuck sender, runs RECOVER (a command that restarts irmd and its layer),
# registers the names again and lets the step run once more; the first attempt's log is kept as *-first.log
recover() {
	echo "  $1: the sender was stuck; running RECOVER and trying once more" >&2
	cp "$2" "${2%.log}-first.log"
	stop_server
	bash -c "$RECOVER" >> "$OUT/recover.log" 2>&1 || { echo "  RECOVER failed (log: $OUT/recover.log)" >&2; return 1; }
	RECOVERED=$((RECOVERED + 1))
	irm name register "$PING_NAME" layer "$LAYER" >/dev/null 2>&1 || true
	irm name register "$CBR_NAME" layer "$LAYER" >/dev/null || { echo "  cannot register $CBR_NAME after RECOVER" >&2; return 1; }
}

# One ocbr -l receiver serves every flood, moved between the placements with taskset, so that no
# receiver is killed (SIGKILL, as the C servers must be) next to the pool between two floods: a
# killed process that waited in upstream's pool leaves it wedged (see docs/benchmarks.md).
CBR_SERVER_LOG=
cbr_receiver() {
	local placement=$1
	if [ -z "$SERVER_PID" ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
		CBR_SERVER_LOG=$OUT/ocbr-server.log
		start_server unpinned "$CBR_NAME" "$CBR_SERVER_LOG" ocbr -l -i 1 -t 1 || return 1
	fi
	local cpus="0-$(( $(nproc) - 1 ))"
	[ "$placement" = pinned ] && cpus=$CPU
	taskset -a -p -c "$cpus" "$SERVER_PID" > /dev/null
}

cbr_pair() {
	local placement=$1 size=$2
	local step="ocbr vs JavaCbr $size B $placement"
	if ! cbr_receiver "$placement"; then
		step_failed "$step" "$OUT/ocbr-server.log" "ocbr -l could not be started, bound and placed"
		return 0
	fi
	for r in $(seq 1 "$REPEATS"); do
		for impl in C Java; do
			local log=$OUT/cbr-$placement-$size-$impl-$r.log result
			local attempt ok=no
			for attempt in first again; do
				if result=$(cbr_run "$placement" "$size" "$impl" "$log" "$CBR_SERVER_LOG" 2>>"$log"); then
					ok=yes
					break
				fi
				[ -n "$RECOVER" ] && [ "$attempt" = first ] && recover "$step, $impl run $r" "$log" && cbr_receiver "$placement" || break
			done
			if [ "$ok" = yes ]; then
				record cbr "$placement" flood "$size" "$impl" pps "${result% *}"
				record cbr "$placement" flood "$size" "$impl" mbps "${result#* }"
				printf '  %-8s %6d B %-4s run %d: %10.0f packets/s %10.1f Mbit/s\n' "$placement" "$size" "$impl" "$r" ${result}
			else
				step_failed "$step, $impl run $r" "$log" "$(tail -n 1 "$log")"
			fi
		done
	done
}

has() { case " $PARTS " in *" $1 "*) return 0;; *) return 1;; esac; }
if [ -z "$SUMMARISE" ]; then
	started=$(date +%s)
	echo "Java vs C on Ouroboros ($(irmd --version 2>/dev/null || echo irmd)), layer $LAYER, $(nproc) CPUs, Java side on Java $JAVA_FEATURE (${JVM[*]}); logs in $OUT"
	echo "Round trips (${PING_COUNT} per run, percentiles over ${PCT_COUNT} printed replies):"
	has ping-pinned && ping_pair pinned flood -f
	has ping-unpinned && ping_pair unpinned flood -f
	has busy-pinned && ping_pair pinned busy -F
	{ has busy-unpinned || has busy; } && ping_pair unpinned busy -F
	if has listener-pinned || has listener-unpinned; then
		echo "C oping -f clients against oping -l (C) and the Java @OuroborosListener (Java):"
		has listener-pinned && listener_pair pinned
		has listener-unpinned && listener_pair unpinned
	fi
	if has cbr || has cbr-pinned || has cbr-unpinned; then
		echo "One way, flooding for ${CBR_SECONDS} s, packets counted by the ocbr receiver over the sender's time:"
		for size in $CBR_SIZES; do
			{ has cbr || has cbr-pinned; } && cbr_pair pinned "$size"
			{ has cbr || has cbr-unpinned; } && cbr_pair unpinned "$size"
		done
		stop_server
	fi
	echo "Measured in $(( $(date +%s) - started )) s"
	[ "$RECOVERED" -gt 0 ] && echo "irmd restarted $RECOVERED times by RECOVER after a stuck sender (see the logs)"
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
print('%-8s %-9s %-6s %7s %-5s %14s %14s %7s' % ('test', 'placement', 'mode', 'size', 'unit', 'C', 'Java', 'Java/C'))
with open(sys.argv[2], 'w') as summary:
    for key in sorted({k[:5] for k in means}):
        kind, placement, mode, size, metric = key
        if not means[key + ('C',)] or not means[key + ('Java',)]:
            print('%-8s %-9s %-6s %7d %-5s  one side failed: no ratio' % (kind, placement, mode, size, metric))
            continue
        c = sum(means[key + ('C',)]) / len(means[key + ('C',)])
        j = sum(means[key + ('Java',)]) / len(means[key + ('Java',)])
        print('%-8s %-9s %-6s %7d %-5s %14.1f %14.1f %7.2f' % (kind, placement, mode, size, metric, c, j, j / c))
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
if [ "${#FAILED[@]}" -gt 0 ]; then
	echo "Failed steps (${#FAILED[@]}):"
	printf '  %s\n' "${FAILED[@]}"
	exit 2
fi
