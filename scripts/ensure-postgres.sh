#!/usr/bin/env bash
# Makes sure a PostgreSQL server for EtcdLab's shared event store answers, and prints its Npgsql
# connection string on stdout (progress goes to stderr), also writing it to
# $ETCDLAB_PG_DIR/connection-string:
#
#   export ETCDLAB_PG="$(scripts/ensure-postgres.sh)"
#
# - If ETCDLAB_PG is already set and that server answers, it is kept as it is.
# - Otherwise a THROWAWAY server is started with pg_ctl: PostgreSQL 15 from
#   /usr/lib/postgresql/15/bin (installed with apt-get when missing), data under /tmp, listening on
#   127.0.0.1 only, on port 55432 or the next free one, run by the dedicated system user
#   'etcdlab-pg' since PostgreSQL refuses to run as root. It holds the database 'etcdlab'.
# - Running it again finds the server it started (or restarts it from its data dir) and prints the
#   same connection string. Every wait is bounded.
#
# Settings (environment): ETCDLAB_PG_PORT (first port to try, default 55432), ETCDLAB_PG_DIR
# (state directory, default /tmp/etcdlab-pg), ETCDLAB_PG_BIN (PostgreSQL binaries).
# To throw the server away: runuser -u etcdlab-pg -- /usr/lib/postgresql/15/bin/pg_ctl -D /tmp/etcdlab-pg/data stop
#   && rm -rf /tmp/etcdlab-pg
set -euo pipefail

readonly PG_MAJOR=15
readonly PG_BIN=${ETCDLAB_PG_BIN:-/usr/lib/postgresql/$PG_MAJOR/bin}
STATE_DIR=${ETCDLAB_PG_DIR:-/tmp/etcdlab-pg}
[[ $STATE_DIR == /* ]] || STATE_DIR=$PWD/$STATE_DIR
readonly STATE_DIR
readonly DATA_DIR=$STATE_DIR/data
readonly SERVER_LOG=$STATE_DIR/server.log
readonly PORT_FILE=$STATE_DIR/port
readonly CONNECTION_FILE=$STATE_DIR/connection-string
readonly FIRST_PORT=${ETCDLAB_PG_PORT:-55432}
readonly PORT_TRIES=50
readonly OS_USER=etcdlab-pg
# A throwaway server that listens on loopback only: its password protects nothing and is no secret.
readonly DB_NAME=etcdlab DB_USER=etcdlab DB_PASSWORD=etcdlab

log() { printf 'ensure-postgres: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Runs a PostgreSQL tool as the server's owner: the dedicated user when this script runs as root,
# the caller otherwise.
as_owner() {
  if [[ $EUID -eq 0 ]]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi
}

ensure_binaries() {
  [[ -x $PG_BIN/pg_ctl && -x $PG_BIN/initdb && -x $PG_BIN/psql ]] && return
  [[ $EUID -eq 0 ]] || die "PostgreSQL $PG_MAJOR is not installed in $PG_BIN; install it (apt-get install postgresql-$PG_MAJOR) or run this script as root."
  log "installing postgresql-$PG_MAJOR"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -qq >&2
  timeout 900 apt-get install -y -qq "postgresql-$PG_MAJOR" >&2
  [[ -x $PG_BIN/pg_ctl ]] || die "postgresql-$PG_MAJOR installed, but $PG_BIN/pg_ctl is still missing."
}

ensure_os_user() {
  [[ $EUID -eq 0 ]] || return 0
  id -u "$OS_USER" >/dev/null 2>&1 && return
  log "creating system user $OS_USER"
  useradd --system --user-group --no-create-home --home-dir "$STATE_DIR" --shell /usr/sbin/nologin "$OS_USER"
}

# Turns an Npgsql connection string (Host=...;Port=...) into a libpq one, for psql.
libpq_of() {
  local pair key value out="connect_timeout=5" pairs
  IFS=';' read -ra pairs <<<"$1"
  for pair in "${pairs[@]}"; do
    [[ $pair == *=* ]] || continue
    key=$(printf '%s' "${pair%%=*}" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')
    value=${pair#*=}
    value=${value//\\/\\\\}
    value=${value//\'/\\\'}
    case $key in
      host | server) out+=" host='$value'" ;;
      port) out+=" port='$value'" ;;
      database | db) out+=" dbname='$value'" ;;
      username | user | userid) out+=" user='$value'" ;;
      password | pwd) out+=" password='$value'" ;;
    esac
  done
  printf '%s' "$out"
}

# True when the server an Npgsql connection string names accepts it and answers a query.
answers() {
  local result
  result=$(timeout 15 "$PG_BIN/psql" "$(libpq_of "$1")" -XtAc 'SELECT 1' 2>/dev/null) || return 1
  [[ $result == 1 ]]
}

connection_string() { printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s' "$1" "$DB_NAME" "$DB_USER" "$DB_PASSWORD"; }

publish() {
  printf '%s\n' "$1" >"$CONNECTION_FILE"
  printf '%s\n' "$1"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

server_running() { [[ -f $DATA_DIR/PG_VERSION ]] && as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; }

# The port the running server listens on: line 4 of postmaster.pid.
running_port() { sed -n 4p "$DATA_DIR/postmaster.pid"; }

# Waits up to $2 seconds for the server on port $1 to accept connections on its socket; gives up
# at once when its postmaster is gone.
accepts_within() {
  local port=$1 deadline=$((SECONDS + $2)) pid
  pid=$(head -n 1 "$DATA_DIR/postmaster.pid" 2>/dev/null || true)
  while ((SECONDS < deadline)); do
    as_owner "$PG_BIN/pg_isready" -q -h "$STATE_DIR" -p "$port" -t 1 && return 0
    [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null && return 1
    sleep 1
  done
  return 1
}

# Stops a server that pg_ctl believes runs but that does not answer (hung, or killed and not yet
# reaped), so that it can be started afresh.
stop_unresponsive() {
  local pid
  as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" stop -m immediate -w -t 15 >&2 2>&1 && return
  pid=$(head -n 1 "$DATA_DIR/postmaster.pid" 2>/dev/null || true)
  if [[ -n $pid ]] && ps -o stat= -p "$pid" 2>/dev/null | grep -qv '^Z'; then
    die "the server with PID $pid neither answers nor stops; stop it by hand (kill $pid) and run this again."
  fi
  log "removing the lock file of the dead server (PID ${pid:-unknown})"
  rm -f "$DATA_DIR/postmaster.pid"
}

prepare_state_dir() {
  mkdir -p "$STATE_DIR"
  if [[ $EUID -eq 0 ]]; then chown "$OS_USER:$OS_USER" "$STATE_DIR"; fi
  chmod 755 "$STATE_DIR"
}

init_cluster() {
  if [[ -d $DATA_DIR && ! -f $DATA_DIR/PG_VERSION ]]; then
    log "removing a half-initialized data directory $DATA_DIR"
    rm -rf "$DATA_DIR"
  fi
  [[ -f $DATA_DIR/PG_VERSION ]] && return
  log "initializing a throwaway cluster in $DATA_DIR"
  local password_file=$STATE_DIR/password
  printf '%s\n' "$DB_PASSWORD" >"$password_file"
  if [[ $EUID -eq 0 ]]; then chown "$OS_USER:$OS_USER" "$password_file"; fi
  chmod 600 "$password_file"
  as_owner "$PG_BIN/initdb" -D "$DATA_DIR" -U "$DB_USER" --pwfile="$password_file" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --no-locale >"$STATE_DIR/initdb.log" 2>&1 \
    || { rm -f "$password_file"; cat "$STATE_DIR/initdb.log" >&2; die "initdb failed (log above, also in $STATE_DIR/initdb.log)."; }
  rm -f "$password_file"
}

choose_port() {
  local port
  if [[ -s $PORT_FILE ]] && ! port_in_use "$(cat "$PORT_FILE")"; then cat "$PORT_FILE"; return; fi
  for ((port = FIRST_PORT; port < FIRST_PORT + PORT_TRIES; port++)); do
    if ! port_in_use "$port"; then printf '%s' "$port"; return; fi
  done
  die "ports $FIRST_PORT to $((FIRST_PORT + PORT_TRIES - 1)) on 127.0.0.1 are all taken; set ETCDLAB_PG_PORT to a free range."
}

start_server() {
  local port=$1
  log "starting PostgreSQL $PG_MAJOR on 127.0.0.1:$port as $([[ $EUID -eq 0 ]] && echo "$OS_USER" || id -un)"
  if ! as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$SERVER_LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$STATE_DIR" start >&2; then
    tail -n 30 "$SERVER_LOG" >&2 || true
    die "the server did not start within 60 s (log above, also in $SERVER_LOG)."
  fi
  printf '%s\n' "$port" >"$PORT_FILE"
}

ensure_database() {
  local port=$1 exists
  exists=$(as_owner timeout 30 "$PG_BIN/psql" -h "$STATE_DIR" -p "$port" -U "$DB_USER" -d postgres -XtAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") || die "the server on port $port does not answer on its socket in $STATE_DIR (log: $SERVER_LOG)."
  [[ $exists == 1 ]] && return
  log "creating database $DB_NAME"
  as_owner timeout 30 "$PG_BIN/createdb" -h "$STATE_DIR" -p "$port" -U "$DB_USER" "$DB_NAME"
}

main() {
  # The server's owner may not enter the caller's directory (root's home, say); PostgreSQL's tools
  # then complain or fail.
  cd /
  ensure_binaries

  if [[ -n ${ETCDLAB_PG:-} ]]; then
    if answers "$ETCDLAB_PG"; then
      log "ETCDLAB_PG already names a server that answers; keeping it"
      mkdir -p "$STATE_DIR"
      publish "$ETCDLAB_PG"
      return
    fi
    log "ETCDLAB_PG is set but its server does not answer; starting a throwaway server instead"
  fi

  ensure_os_user
  prepare_state_dir
  local port=""
  if server_running; then
    port=$(running_port)
    if accepts_within "$port" 15; then
      log "a server started earlier runs on 127.0.0.1:$port"
    else
      log "the server started earlier (port $port) does not answer; restarting it"
      stop_unresponsive
      port=""
    fi
  fi
  if [[ -z $port ]]; then
    init_cluster
    port=$(choose_port)
    start_server "$port"
  fi
  ensure_database "$port"

  local connection
  connection=$(connection_string "$port")
  answers "$connection" || die "the server on 127.0.0.1:$port runs but does not accept $DB_USER over TCP (log: $SERVER_LOG)."
  publish "$connection"
}

main "$@"
