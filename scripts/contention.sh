#!/usr/bin/env bash
# Per-pair cost of `pairviz bench` quiet and beside a busy process (one core spinning in Python),
# for PyTorch's OpenMP workers spinning before they sleep (libgomp's default, about 3 ms:
# GOMP_SPINCOUNT=300000) and sleeping at once (OMP_WAIT_POLICY=PASSIVE, the launcher's default).
# Each round runs the four cases side by side; medians over the rounds, and the ratios.
# Usage: scripts/contention.sh [ROUNDS] [BENCH OPTIONS...]   (default: 3 rounds, --model vit-b32 --pairs 6)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pv="$root/pairviz"
rounds="${1:-3}"; shift || true
opts=("$@"); [[ ${#opts[@]} -gt 0 ]] || opts=(--model vit-b32 --pairs 6 --warmup 2)
"$pv" --version >/dev/null # build first if needed
per_pair() { "$@" "$pv" bench "${opts[@]}" | awk '/per pair/ {for (i = 1; i <= NF; i++) if ($i == "s") {print $(i - 1); exit}}'; }
busy_pid=
busy() { python3 -c 'while True: pass' & busy_pid=$!; sleep 1; }
calm() { [[ -z $busy_pid ]] || kill "$busy_pid"; busy_pid=; }
trap calm EXIT
declare -A t
for ((r = 1; r <= rounds; r++)); do
  for wait in spin passive; do
    env=(env OMP_WAIT_POLICY=PASSIVE); [[ $wait == spin ]] && env+=(GOMP_SPINCOUNT=300000)
    t[$wait,quiet]+="$(per_pair "${env[@]}") "
    busy; t[$wait,busy]+="$(per_pair "${env[@]}") "; calm
  done
  echo "round $r: spin quiet ${t[spin,quiet]}/ busy ${t[spin,busy]}; passive quiet ${t[passive,quiet]}/ busy ${t[passive,busy]}" >&2
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for wait in spin passive; do
  q=$(echo "${t[$wait,quiet]}" | median); b=$(echo "${t[$wait,busy]}" | median)
  printf '%-8s quiet %.3f s a pair, busy neighbour %.3f s: x%.2f (load average %s)\n' "$wait" "$q" "$b" \
    "$(awk -v q="$q" -v b="$b" 'BEGIN {print b / q}')" "$(cut -d' ' -f1 /proc/loadavg)"
done
