#!/usr/bin/env bash
# Speed of `attache analyze` against the spaCy peer, side by side in one run.
#
#   scripts/bench_speed.sh [ARTICLES_DIR] [ROUNDS]
#
# ARTICLES_DIR defaults to ../shared/eval/dev/articles (the dev set beside the
# checkout), else tests/fixtures/articles. The peer needs ../shared/bench
# (`bash ../shared/bench/setup.sh` once); without it only Attaché is measured.
# Both run pinned to one core (taskset -c 0): Attaché as a whole process
# with its start-up (the strict figure), and with start-up left out, as the
# peer's own figure leaves out loading its model (like for like); then
# Attaché on two cores. Words are counted the peer's way (spaCy tokens
# that are not punctuation or space), so words/s compare like for like.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/eval/dev/articles}
[ -d "$dir" ] || dir=tests/fixtures/articles
rounds=${2:-20}
venv=${PEERS_VENV:-$HOME/.cache/attache-peers/venv}
peer=../shared/bench/spacy_peer.py

cargo build --release --quiet
bin=target/release/attache
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "articles: $dir ($(ls "$dir" | wc -l) files, $(cat "$dir"/* | wc -w) whitespace words)"

words=""
if [ -x "$venv/bin/python" ] && [ -f "$peer" ]; then
  peer_json=$(taskset -c 0 "$venv/bin/python" "$peer" --bench --rounds 3 "$dir")
  echo "peer (spaCy, 1 core): $peer_json"
  words=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["words"]//3)' "$peer_json")
  peer_wps=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["words_per_sec"])' "$peer_json")
fi
[ -n "$words" ] || words=$(cat "$dir"/* | wc -w)

# median wall time of `attache analyze DIR` over $rounds runs
median_secs() {
  local cpus=$1 times=()
  for _ in $(seq "$rounds"); do
    local t0 t1
    t0=$(date +%s%N)
    taskset -c "$cpus" "$bin" analyze "$dir" > /dev/null
    t1=$(date +%s%N)
    times+=($(( t1 - t0 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.6f\n", a[int((NR+1)/2)]/1e9}'
}

one=$(median_secs 0)
two=$(median_secs 0,1)
wps1=$(python3 -c "print(round($words/$one))")
wps2=$(python3 -c "print(round($words/$two))")
echo "attache, 1 core: ${one}s per pass, ${wps1} words/s"
echo "attache, 2 cores: ${two}s per pass, ${wps2} words/s (x$(python3 -c "print(round($one/$two,2))") over 1 core)"
if [ -n "${peer_wps:-}" ]; then
  echo "attache / peer on 1 core: x$(python3 -c "print(round($wps1/$peer_wps,1))")"
fi
# Scaling with cores, start-up amortised: the same articles ten times over.
many=$(mktemp -d)
trap 'rm -rf "$many"' EXIT
for i in $(seq 10); do for f in "$dir"/*; do cp "$f" "$many/${i}_$(basename "$f")"; done; done
dir_one=$dir
dir=$many
one10=$(median_secs 0)
two10=$(median_secs 0,1)
dir=$dir_one
echo "attache, 10x the articles: 1 core ${one10}s, 2 cores ${two10}s (x$(python3 -c "print(round($one10/$two10,2))") over 1 core)"
# Like for like: the peer's words/s times nlp.pipe after its model is
# loaded, so this one leaves Attache's start-up out the same way: nine
# passes' worth of articles is what the 10x run costs beyond the 1x run.
steady=$(python3 -c "print(max(($one10-$one)/9, 1e-9))")
wps_steady=$(python3 -c "print(round($words/$steady))")
echo "attache, 1 core, start-up excluded (as the peer's figure is): $(python3 -c "print(round($steady,6))")s per pass, ${wps_steady} words/s"
if [ -n "${peer_wps:-}" ]; then
  echo "attache / peer on 1 core, start-up excluded on both sides: x$(python3 -c "print(round($wps_steady/$peer_wps,1))")"
fi
rss=$( { /usr/bin/time -f '%M' "$bin" analyze "$dir" > /dev/null; } 2>&1 | tail -n1)
echo "attache peak RSS over the directory: $((rss / 1024)) MiB"
