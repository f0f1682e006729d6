# shellcheck shell=bash
# Shared helpers for test/run-tests and test/run-demo (sourced, not run).
#
# Targets a Debian 12 machine with PostgreSQL 15 from Debian's own archive,
# run as root or as a user with sudo.  Everything it starts (a throwaway
# PostgreSQL cluster) lives in one temporary directory that is removed on exit.

set -euo pipefail

ETRACE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PG_BINDIR=/usr/lib/postgresql/15/bin
export PG_CONFIG=$PG_BINDIR/pg_config
# psql, createdb, pg_regress's helpers and pg_prove's psql all come from 15,
# whatever other client versions Debian's pg_wrapper might choose.
export PATH=$PG_BINDIR:$PATH

# Packages every run needs, and the extra ones for the libFuzzer smoke run.
# clang 14 on Debian 12 only recommends the compiler-rt runtimes; without
# libclang-rt-14-dev, -fsanitize=fuzzer fails to link.
ETRACE_PACKAGES=(make gcc libc6-dev python3 iso-codes perl
	postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap
	libtap-parser-sourcehandler-pgtap-perl)
ETRACE_FUZZ_PACKAGES=(clang libclang-rt-14-dev)
# test/run-demo: gnuplot draws the hot spot map (test/demo/render_map).
ETRACE_DEMO_PACKAGES=(gnuplot-nox)

ETRACE_START_SECONDS=$SECONDS

if [[ -t 1 ]]; then
	_bold=$'\e[1m' _red=$'\e[31m' _green=$'\e[32m' _yellow=$'\e[33m' _reset=$'\e[0m'
else
	_bold='' _red='' _green='' _yellow='' _reset=''
fi

# step "Building": a visible header with the seconds elapsed since the start.
step()
{
	printf '\n%s==> [%4ds] %s%s\n' "$_bold" $((SECONDS - ETRACE_START_SECONDS)) "$*" "$_reset"
}

info()
{
	printf '    %s\n' "$*"
}

warn()
{
	printf '%swarning:%s %s\n' "$_yellow" "$_reset" "$*" >&2
}

error()
{
	printf '%serror:%s %s\n' "$_red" "$_reset" "$*" >&2
}

die()
{
	error "$*"
	exit 1
}

is_root()
{
	[[ $(id -u) -eq 0 ]]
}

# Run a command as root: directly when we are root, through sudo otherwise.
as_root()
{
	if is_root; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		error "this needs root: run as root or install sudo (command: $*)"
		return 1
	fi
}

# Run a command as the cluster's OS user: postgres when we are root
# (initdb and postgres refuse to run as root), ourselves otherwise.
as_cluster_user()
{
	if is_root; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

package_installed()
{
	[[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

# ensure_packages [--no-fuzz] [--demo]: install whatever is missing (quick
# no-op when everything is there); --demo adds the demo's map renderer.
ensure_packages()
{
	local wanted=("${ETRACE_PACKAGES[@]}") missing=() p fuzz=true
	for p in "$@"; do
		case $p in
		--no-fuzz) fuzz=false ;;
		--demo) wanted+=("${ETRACE_DEMO_PACKAGES[@]}") ;;
		esac
	done
	if $fuzz; then
		wanted+=("${ETRACE_FUZZ_PACKAGES[@]}")
	fi
	for p in "${wanted[@]}"; do
		package_installed "$p" || missing+=("$p")
	done
	if [[ ${#missing[@]} -eq 0 ]]; then
		info "all ${#wanted[@]} packages present"
		return 0
	fi
	info "installing: ${missing[*]}"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" || return 1
}

# build_and_install [make args...]: build, then install into the system's
# PostgreSQL 15 (where CREATE EXTENSION looks).  Extra arguments go to both
# make runs (CI passes WERROR=1).
build_and_install()
{
	local jobs
	jobs=$(nproc 2>/dev/null || echo 2)
	make -C "$ETRACE_ROOT" -j"$jobs" PG_CONFIG="$PG_CONFIG" "$@" || return 1
	# PG_CONFIG on the command line: sudo does not pass our environment on.
	as_root make -C "$ETRACE_ROOT" install PG_CONFIG="$PG_CONFIG" "$@" || return 1
}

# A port that nothing listens on over TCP and no visible PostgreSQL socket
# uses.  Our socket lives in a private directory, so this only keeps the
# number from being confused with another server's.
free_port()
{
	local used=' ' port i _sl local_addr _rem state _rest
	# Listening sockets (state 0A) from /proc: "address:PORT" in hex.
	for i in /proc/net/tcp /proc/net/tcp6; do
		[[ -r $i ]] || continue
		while read -r _sl local_addr _rem state _rest; do
			[[ $state == 0A ]] && used+="$((16#${local_addr##*:})) "
		done <"$i"
	done
	port=$((54320 + RANDOM % 1000))
	for ((i = 0; i < 1000; i++)); do
		if [[ $used != *" $port "* ]] &&
			[[ ! -e /tmp/.s.PGSQL.$port && ! -e /var/run/postgresql/.s.PGSQL.$port ]]; then
			echo "$port"
			return 0
		fi
		port=$((port + 1))
	done
	error "no free port found"
	return 1
}

ETRACE_PGTMP=''

# start_cluster: a throwaway cluster in a fresh temporary directory, reachable
# through a Unix socket in that directory and on the loopback address
# 127.0.0.1 (the pgTAP tests connect over TCP: duty stations are checked
# against the client address, which a Unix socket does not have).  Exports PGHOST, PGPORT, PGUSER
# and PGDATABASE, and stops and removes everything when the script exits.
start_cluster()
{
	local port data log
	# /tmp, not $TMPDIR: the postgres user must reach it, and socket paths
	# must stay short.
	ETRACE_PGTMP=$(mktemp -d /tmp/etrace-pg.XXXXXX) || return 1
	trap stop_cluster EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	if is_root; then
		chown postgres:postgres "$ETRACE_PGTMP" || return 1
	fi
	chmod 700 "$ETRACE_PGTMP"
	port=$(free_port) || return 1
	data=$ETRACE_PGTMP/data
	log=$ETRACE_PGTMP/server.log

	# cd: as postgres we might not be allowed in the caller's directory.
	(cd "$ETRACE_PGTMP" && as_cluster_user "$PG_BINDIR/initdb" -D "$data" -U postgres \
		--auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$ETRACE_PGTMP/initdb.log" 2>&1) || {
		cat "$ETRACE_PGTMP/initdb.log" >&2
		error "initdb failed"
		return 1
	}
	cat >>"$data/postgresql.conf" <<CONF

# throwaway test cluster (test/lib/common.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = '$ETRACE_PGTMP'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
shared_preload_libraries = ''
CONF
	(cd "$ETRACE_PGTMP" && as_cluster_user "$PG_BINDIR/pg_ctl" -D "$data" -l "$log" \
		-w -t 60 start >/dev/null) || {
		tail -n 30 "$log" >&2 || true
		error "the PostgreSQL server did not start (log above)"
		return 1
	}
	export PGHOST=$ETRACE_PGTMP PGPORT=$port PGUSER=postgres PGDATABASE=postgres
	info "cluster running: PGHOST=$PGHOST PGPORT=$PGPORT PGUSER=$PGUSER"
}

# stop_cluster: the EXIT trap.  Keeps the script's exit status.
stop_cluster()
{
	local rc=$?
	if [[ -n $ETRACE_PGTMP && -d $ETRACE_PGTMP ]]; then
		if [[ -f $ETRACE_PGTMP/data/postmaster.pid ]]; then
			(cd "$ETRACE_PGTMP" && as_cluster_user "$PG_BINDIR/pg_ctl" -D "$ETRACE_PGTMP/data" \
				-m immediate -w stop >/dev/null 2>&1) || true
		fi
		rm -rf "$ETRACE_PGTMP" || true
	fi
	ETRACE_PGTMP=''
	return $rc
}

# How to reach and stop the cluster by hand (run-demo --keep).
cluster_instructions()
{
	local database=$1 prefix=''
	is_root && prefix='runuser -u postgres -- '
	cat <<TEXT
Connect:
    PGHOST=$PGHOST PGPORT=$PGPORT PGUSER=$PGUSER psql $database
Stop and remove it:
    ${prefix}$PG_BINDIR/pg_ctl -D $ETRACE_PGTMP/data -m fast stop && rm -rf $ETRACE_PGTMP
TEXT
}
