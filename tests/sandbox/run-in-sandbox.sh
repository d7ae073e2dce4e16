#!/usr/bin/env bash
# Runs one command inside a User-Mode Linux kernel that has SCTP loaded, with
# this machine's filesystem as its root (the host kernel may lack SCTP).
# Usage: run-in-sandbox.sh [--timeout SECONDS] [--] COMMAND [ARG...]
# The command runs as root in the caller's folder with the caller's PATH and
# HOME; its output is streamed to stdout and its exit status is ours.
# Nothing is left behind: the UML work folder is removed and no process stays.
set -u
timeout_s=1800
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout_s=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [--timeout SECONDS] [--] COMMAND [ARG...]" >&2; exit 2; }

uml=$(command -v linux.uml || true)
[ -n "$uml" ] || { echo "linux.uml not found: apt-get install -y user-mode-linux" >&2; exit 125; }
modules=$(ls -d /usr/lib/uml/modules/*/kernel 2>/dev/null | head -n 1)
[ -n "$modules" ] || { echo "UML kernel modules not found under /usr/lib/uml/modules" >&2; exit 125; }

work=$(mktemp -d /tmp/sctpps-sandbox.XXXXXX)
umid="sctpps-$$"
uml_pid=
cleanup() {
  [ -n "$uml_pid" ] && kill -9 "$uml_pid" 2>/dev/null
  # UML forks helper processes that share its command line.
  pkill -9 -f "umid=$umid " 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# UML's kernel reports no CPU caches, and .NET sizes its gen0 budget from them
# (/sys/devices/system/cpu/cpu0/cache/index*/level and size): without them it
# guesses about 4 MiB, a quarter of what it takes on this host, and collects four
# times as often. The sandbox shows the host's cache sizes there instead.
host_caches=/sys/devices/system/cpu/cpu0/cache
if [ -d "$host_caches" ]; then
  for index in "$host_caches"/index*; do
    [ -r "$index/level" ] && [ -r "$index/size" ] || continue
    mkdir -p "$work/cpu0/cache/${index##*/}"
    for f in level size type coherency_line_size ways_of_associativity number_of_sets; do
      [ -r "$index/$f" ] && cat "$index/$f" > "$work/cpu0/cache/${index##*/}/$f"
    done
    host_cache_list="${host_cache_list:-}${host_cache_list:+ }${index##*/}:$(cat "$index/level"):$(cat "$index/size")"
  done
fi

# The command line, quoted so the init script re-reads it word for word.
cmd=$(printf '%q ' "$@")
{
  echo '#!/bin/sh'
  printf 'export PATH=%q HOME=%q LANG=C.UTF-8 TERM=dumb\n' "$PATH" "$HOME"
  for v in CI DOTNET_ROOT DOTNET_CLI_HOME NUGET_PACKAGES DOTNET_CLI_TELEMETRY_OPTOUT DOTNET_NOLOGO SCTPPS_SANDBOX_ARGS SCTPPS_FUZZ_SEED SCTPPS_FUZZ_CMDLET SCTPPS_FUZZ_CALLS; do
    [ -n "${!v:-}" ] && printf 'export %s=%q\n' "$v" "${!v}"
  done
  # What the host shows of its caches, for the test that checks the sandbox shows the same.
  printf 'export SCTPPS_HOST_CPU_CACHES=%q\n' "${host_cache_list:-}"
  echo 'export SCTPPS_IN_SANDBOX=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1'
  # The sandbox has no network: pwsh's telemetry and update check would only keep a thread
  # busy on its one CPU (measured: a thread-pool worker spinning through the first seconds).
  echo 'export POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off'
  # /dev is UML's own devtmpfs; one boot had no shm folder in it and the mount failed.
  echo 'mount -t proc proc /proc; mount -t sysfs sysfs /sys; mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm'
  # Temporary files (and the runtime's IPC sockets) go to a tmpfs of the sandbox's own;
  # /tmp stays the host's, since the caller's folder may be under it.
  echo 'mkdir -p /dev/shm/tmp && export TMPDIR=/dev/shm/tmp'
  # SCTP, then what tests/Fleet.psm1 builds its hosts from: veth pairs and a bridge between network namespaces.
  for m in crypto/hmac.ko lib/crc-ccitt.ko net/ipv6/ipv6.ko net/ipv4/udp_tunnel.ko net/ipv6/ip6_udp_tunnel.ko net/sctp/sctp.ko net/sctp/sctp_diag.ko \
           drivers/net/veth.ko net/llc/llc.ko net/802/stp.ko net/bridge/bridge.ko; do
    printf 'insmod %q 2>>%q\n' "$modules/$m" "$work/insmod.log"
  done
  echo 'ip link set lo up'
  # Named network namespaces (ip netns add) are files under /run/netns: the sandbox's own, not this machine's.
  echo 'mkdir -p /run/netns && mount -t tmpfs -o mode=0755 tmpfs /run/netns'
  if [ -d "$work/cpu0" ]; then
    # Keep what UML's cpu0 holds (topology), add the caches, and mount the copy in its place.
    printf 'cp -r /sys/devices/system/cpu/cpu0/topology %q/ 2>/dev/null; mount --bind %q /sys/devices/system/cpu/cpu0\n' "$work/cpu0" "$work/cpu0"
  fi
  # A second loopback address, so that wildcard-bound peers are multi-homed (sctp_bindx tests).
  echo 'ip addr add 127.0.0.2/8 dev lo'
  printf 'cd %q\n' "$PWD"
  printf 'date +%%s%%N > %q\n' "$work/started"
  printf '%s > %q 2>&1 < /dev/null\n' "$cmd" "$work/out"
  printf 'echo $? > %q\n' "$work/rc"
  echo 'sync; poweroff -f'
} > "$work/init.sh"
chmod +x "$work/init.sh"
: > "$work/out"

start=$(date +%s%N)
timeout -s KILL "$timeout_s" "$uml" mem=4G umid="$umid" uml_dir="$work" rootfstype=hostfs rootflags=/ rw quiet \
  init="$work/init.sh" con=null con0=null,fd:2 < /dev/null > "$work/console" 2>&1 &
uml_pid=$!
tail -n +1 -f --pid="$uml_pid" "$work/out"
wait "$uml_pid"
uml_rc=$?
uml_pid=
end=$(date +%s%N)
ms() { echo "$(( ($1) / 1000000 ))"; }

if [ -s "$work/insmod.log" ]; then
  echo "sandbox: module load problems:" >&2; cat "$work/insmod.log" >&2
fi
if [ ! -s "$work/rc" ]; then
  echo "sandbox: the command did not finish (UML exit $uml_rc after $(ms "$end - $start") ms); console:" >&2
  tail -n 30 "$work/console" >&2
  exit 125
fi
started=$(cat "$work/started")
echo "sandbox: kernel booted and SCTP loaded in $(ms "$started - $start") ms; the command ran $(ms "$end - $started") ms" >&2
exit "$(cat "$work/rc")"
