#!/usr/bin/env bash
# The native binding's per-call overhead: NativeFlowCallBenchmark (JMH, through the Java flow
# API and JNA) against src/main/c/flowcall.c (the same calls in C, timed the same way, compiled
# here with gcc into target/, never committed), both against the same echo server
# (`flowcall -l FIFO`, which also says on the FIFO when a batch of replies is queued), both on one
# CPU or both unpinned (PLACEMENT=pinned|unpinned, default unpinned; CPU=0).
# Needs irmd with a layer (LAYER, default local), gcc and the Ouroboros headers; builds the
# benchmarks jar with Maven when it is missing (rebuild it after a change). Settings: DURATION=3
# (seconds per measurement) SIZE=64 JAVA=java (on Java 22+ with --enable-native-access=ALL-UNNAMED:
# the per-packet calls go through the FFM API there). The write+read batch is NativeFlowCallBenchmark.BATCH (32) on both sides.
set -euo pipefail
cd "$(dirname "$0")/.."
LAYER=${LAYER:-local}
# not SECONDS: bash's own counter of seconds since the shell started (it was 0 here, and every
# iteration a single shot)
DURATION=${DURATION:-3}
SIZE=${SIZE:-64}
BATCH=32
PLACEMENT=${PLACEMENT:-unpinned}
CPU=${CPU:-0}
NAME=bench-flowcall-$$
OUT=benchmarks/target/flowcall
JAR=benchmarks/target/benchmarks.jar
mkdir -p "$OUT"
SYNC=$OUT/sync-$$

JAVA=${JAVA:-java}
for tool in irm gcc "$JAVA" python3; do
	command -v "$tool" >/dev/null || { echo "run-flowcall.sh: $tool is not on the PATH" >&2; exit 1; }
done
[ -S /var/run/ouroboros/irm.sock ] || { echo "run-flowcall.sh: irmd is not running" >&2; exit 1; }
[ -f "$JAR" ] || mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
gcc -O2 -Wall -pthread -o "$OUT/flowcall" benchmarks/src/main/c/flowcall.c -louroboros-dev

PIN=()
[ "$PLACEMENT" = pinned ] && PIN=(taskset -c "$CPU")
pin() { "${PIN[@]}" "$@"; }
# a run that hangs (a wedged packet pool blocks every write of every process) is killed, with its
# JMH fork (timeout signals the process group), and the script fails saying so
C_LIMIT=$((3 * DURATION + 60))
JAVA_LIMIT=$((3 * 7 * DURATION + 300))
client() {
	pin timeout -s KILL "$C_LIMIT" "$OUT/flowcall" "$NAME" "$SYNC" "$SIZE" "$DURATION" "$BATCH" > "$1" \
		|| { cat "$1"; echo "run-flowcall.sh: the C client failed or hung (${C_LIMIT} s); see $OUT/server.log and /tmp/irmd.log" >&2; exit 1; }
	cat "$1"
}

SERVER=
cleanup() {
	# SIGKILL, as for the C tools: never cancel threads inside the dev library
	[ -n "$SERVER" ] && { kill -9 "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
	irm name destroy "$NAME" >/dev/null 2>&1 || true
	rm -f "$SYNC"
}
trap cleanup EXIT
echo "load before: $(uptime)"
irm name register "$NAME" layer "$LAYER" >/dev/null
mkfifo "$SYNC"
"${PIN[@]}" "$OUT/flowcall" -l "$SYNC" > "$OUT/server.log" 2>&1 &
SERVER=$!
bound=no
for _ in $(seq 1 50); do irm bind process "$SERVER" name "$NAME" >/dev/null 2>&1 && { bound=yes; break; }; sleep 0.1; done
[ "$bound" = yes ] || { echo "run-flowcall.sh: could not bind flowcall -l (pid $SERVER) to $NAME" >&2; exit 1; }
sleep 0.3

# C before and after Java, so that a change of load on a shared machine shows
echo "C (flowcall, $PLACEMENT, before Java):"
client "$OUT/c.txt"
echo "Java (NativeFlowCallBenchmark, $PLACEMENT):"
JVM=("$JAVA")
JAVA_FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${JAVA_FEATURE:-17}" -ge 22 ] && JVM+=(--enable-native-access=ALL-UNNAMED)
echo "Java side on Java $JAVA_FEATURE (${JVM[*]})"
pin timeout -s KILL "$JAVA_LIMIT" "${JVM[@]}" -jar "$JAR" NativeFlowCallBenchmark -p name="$NAME" -p size="$SIZE" -p sync="$SYNC" \
	-f 1 -wi 2 -i 5 -w 2s -r "${DURATION}s" -prof gc -rf text -rff "$OUT/java.txt" > "$OUT/jmh.log" 2>&1 \
	|| { tail -30 "$OUT/jmh.log"; echo "run-flowcall.sh: JMH failed or hung (${JAVA_LIMIT} s); see $OUT/jmh.log" >&2; exit 1; }
grep -E 'Benchmark|NativeFlowCallBenchmark\.[a-zA-Z]+ |gc.alloc.rate.norm' "$OUT/java.txt"
echo "C (flowcall, $PLACEMENT, after Java):"
client "$OUT/c2.txt"
echo "allocated by the benchmark thread alone (measurement iterations; -prof gc counts every thread):"
awk '/^# Benchmark: /{b=$3; sub(/.*\./, "", b)} /^Iteration .*benchmark thread:/{sub(/^Iteration +[0-9]+: benchmark thread: /, ""); print "  " b ": " $0}' "$OUT/jmh.log"

python3 - "$OUT/c.txt" "$OUT/c2.txt" "$OUT/java.txt" <<'PY'
import re, sys
runs = [dict(line.split()[:2] for line in open(path) if line.strip()) for path in sys.argv[1:3]]
java = {}
for line in open(sys.argv[3]):
    m = re.match(r'NativeFlowCallBenchmark\.(\w+)\s.*?\savgt\s+\d+\s+([0-9.,]+)', line)
    if m:
        java[m.group(1)] = float(m.group(2).replace(',', ''))
for key, bench in (('empty_read_ns', 'emptyRead'), ('write_read_ns', 'writeRead'), ('round_trip_ns', 'roundTrip')):
    if bench in java:
        before, after = (float(run[key]) for run in runs)
        cv = (before + after) / 2
        print('%-10s C %8.1f ns (%.1f before, %.1f after)   Java %8.1f ns   Java/C %.2f   overhead %+.1f ns'
              % (bench, cv, before, after, java[bench], java[bench] / cv, java[bench] - cv))
PY
echo "load after: $(uptime)"
sleep 0.5 # the echo threads see the last flow go down
echo "echo server (every flow: packets echoed, failed writes):"
grep -E 'echoed|failed' "$OUT/server.log" || echo "  (no flow ended yet)"
! grep -qE 'failed: ' "$OUT/server.log" || { echo "run-flowcall.sh: the echo server reported errors" >&2; exit 1; }
