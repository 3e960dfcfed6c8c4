#!/usr/bin/env bash
# A whole Slurm cluster on this machine, for tests and development (issue 5, item 8).
#
#   scripts/slurm-dev.sh start    install Debian's packages if missing, start munged, slurmdbd (on the
#                                 machine's MariaDB), slurmctld, four slurmd with fake GPUs (2 x h100x8,
#                                 2 x h200x8, named highwaydev-n00001..4 as fleet/slurm-dev.json's
#                                 expandFleet names them) and slurmrestd, from a fresh state directory;
#                                 wait until the nodes are idle; write the env file tests source and
#                                 the cluster config (cluster.json) the platform reads
#   scripts/slurm-dev.sh stop     cancel jobs, stop every daemon it started, drop the database, remove
#                                 the state directory
#   scripts/slurm-dev.sh status   print JSON about the running cluster (exit 1 when it is not running)
#
# See docs/slurm-dev.md. Everything listens on 127.0.0.1 only; run as root (it creates Linux users,
# a MariaDB database and user, and runs the Slurm daemons as SlurmUser=root).
set -Eeuo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
TEMPLATE_DIR="$SCRIPT_DIR/slurm-dev"

STATE_DIR=${SLURM_DEV_STATE_DIR:-$REPO_DIR/.tmp/slurm-dev}
CLUSTER=${SLURM_DEV_CLUSTER:-highwaydev}
PARTITION=${SLURM_DEV_PARTITION:-gpu}
ACCOUNT=${SLURM_DEV_ACCOUNT:-hwdev}
TEST_USER=${SLURM_DEV_TEST_USER:-hwtest1}
# Linux users jobs run as: the test user and more for account and membership tests.
JOB_USERS=("$TEST_USER" hwtest2 hwtest3)
REST_USER=${SLURM_DEV_REST_USER:-slurmrest}
REST_PORT=${SLURM_DEV_REST_PORT:-6820}
CTLD_PORT=${SLURM_DEV_CTLD_PORT:-16817}
DBD_PORT=${SLURM_DEV_DBD_PORT:-16819}
NODE_PORT_BASE=${SLURM_DEV_NODE_PORT_BASE:-17000}
DB_HOST=${SLURM_DEV_DB_HOST:-127.0.0.1}
DB_PORT=${SLURM_DEV_DB_PORT:-3306}
DB_NAME=${SLURM_DEV_DB_NAME:-slurm_dev_acct}
DB_USER=${SLURM_DEV_DB_USER:-slurmdev}
WAIT_SECONDS=${SLURM_DEV_WAIT_SECONDS:-60}
TOKEN_LIFESPAN=${SLURM_DEV_TOKEN_LIFESPAN:-86400}

# Nodes as expandFleet names fleet/slurm-dev.json's cluster: <cluster>-n00001, ... across its pools
# (h100-sxm, then h200-sxm), with their Slurm GRES types; a test checks both against the fleet file.
NODES=("$CLUSTER-n00001" "$CLUSTER-n00002" "$CLUSTER-n00003" "$CLUSTER-n00004")
NODE_GRES=(h100 h100 h200 h200)
PACKAGES=(slurm-wlm slurmctld slurmd slurm-client slurmdbd slurmrestd munge slurm-wlm-jwt-plugin
  slurm-wlm-mysql-plugin)

ENV_FILE="$STATE_DIR/env"
CLUSTER_CONFIG="$STATE_DIR/cluster.json"
TOKEN_FILE="$STATE_DIR/token"
# Job output, written by the job users and read by the control plane (a site's shared filesystem).
OUTPUT_DIR="$STATE_DIR/output"
CONF_DIR="$STATE_DIR/etc"
RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/log"
MUNGE_DIR="$STATE_DIR/munge"
REST_URL="http://127.0.0.1:$REST_PORT"

export SLURM_CONF="$CONF_DIR/slurm.conf"

log() { printf 'slurm-dev: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

usage() {
  echo "usage: $0 start|stop|status" >&2
  exit 2
}

mysql_root() { mysql --user=root --host="$DB_HOST" --port="$DB_PORT" --batch --skip-column-names "$@"; }

# --- processes --------------------------------------------------------------------------------------

# The daemons this script starts, in start order, each with its pid file and process name.
daemon_list() {
  # A munged that was already serving the machine's socket is used, not owned.
  [[ -e $MUNGE_DIR/external ]] || echo "munged $MUNGE_DIR/munged.pid munged"
  echo "slurmdbd $RUN_DIR/slurmdbd.pid slurmdbd"
  echo "slurmctld $RUN_DIR/slurmctld.pid slurmctld"
  local node
  for node in "${NODES[@]}"; do
    echo "slurmd-$node $RUN_DIR/slurmd-$node.pid slurmd"
  done
  echo "slurmrestd $RUN_DIR/slurmrestd.pid slurmrestd"
}

# What stop must end: the daemons above, plus any slurmd whose pid file names a node this version of
# the script no longer has (a state directory left by an older script), which would hold its port.
stop_list() {
  daemon_list
  local pidfile node
  for pidfile in "$RUN_DIR"/slurmd-*.pid; do
    [[ -e $pidfile ]] || continue
    node=${pidfile##*/slurmd-}
    node=${node%.pid}
    [[ " ${NODES[*]} " == *" $node "* ]] || echo "slurmd-$node $pidfile slurmd"
  done
}

# Prints the pid recorded in a pid file when that process is alive and has the expected name.
live_pid() {
  local pidfile=$1 comm=$2 pid
  [[ -r $pidfile ]] || return 1
  pid=$(tr -dc '0-9' <"$pidfile")
  [[ -n $pid ]] || return 1
  [[ -r /proc/$pid/comm ]] || return 1
  [[ $(cat "/proc/$pid/comm") == "$comm" ]] || return 1
  echo "$pid"
}

# 0 when every daemon is alive, 1 when none is, 2 when only some are.
cluster_liveness() {
  local name pidfile comm alive=0 dead=0
  while read -r name pidfile comm; do
    if live_pid "$pidfile" "$comm" >/dev/null; then alive=$((alive + 1)); else dead=$((dead + 1)); fi
  done < <(daemon_list)
  if ((dead == 0)); then return 0; fi
  if ((alive == 0)); then return 1; fi
  return 2
}

# Polls a command until it succeeds, for at most $1 seconds; exit status 125 from the command means
# "this will never succeed" (the daemon died) and stops the wait at once.
wait_for() {
  local seconds=$1 what=$2 rc
  shift 2
  local deadline=$((SECONDS + seconds))
  while true; do
    rc=0
    "$@" >/dev/null 2>&1 || rc=$?
    if ((rc == 0)); then
      return 0
    fi
    if ((rc == 125)); then
      log "$what exited while starting"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      log "timed out after ${seconds}s waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

show_logs() {
  local f
  for f in "$LOG_DIR"/*.log "$MUNGE_DIR"/munged.log; do
    [[ -s $f ]] || continue
    printf '\n==> %s (last 20 lines) <==\n' "$f" >&2
    tail -n 20 "$f" >&2
  done
}

# --- installation and one-time machine setup --------------------------------------------------------

ensure_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  command -v mysql >/dev/null || missing+=(mariadb-client)
  if ((${#missing[@]} > 0)); then
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_users() {
  if ! id -u "$REST_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$REST_USER"
  fi
  local user
  for user in "${JOB_USERS[@]}"; do
    if ! id -u "$user" >/dev/null 2>&1; then
      useradd --create-home --shell /bin/bash "$user"
    fi
  done
}

ensure_database() {
  mysql_root -e 'SELECT 1' >/dev/null 2>&1 ||
    die "cannot reach MariaDB as root at $DB_HOST:$DB_PORT (start it, or set SLURM_DEV_DB_HOST/PORT)"
  local pass=$1
  mysql_root <<SQL
DROP DATABASE IF EXISTS \`$DB_NAME\`;
CREATE DATABASE \`$DB_NAME\`;
CREATE OR REPLACE USER '$DB_USER'@'localhost' IDENTIFIED BY '$pass';
CREATE OR REPLACE USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$pass';
GRANT ALL ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
GRANT ALL ON \`$DB_NAME\`.* TO '$DB_USER'@'127.0.0.1';
SQL
}

render() {
  local template=$1 out=$2 db_pass=$3 host
  host=$(hostname -s)
  sed -e "s|@STATE@|$STATE_DIR|g" -e "s|@HOST@|$host|g" -e "s|@CLUSTER@|$CLUSTER|g" \
    -e "s|@PARTITION@|$PARTITION|g" -e "s|@CTLD_PORT@|$CTLD_PORT|g" -e "s|@DBD_PORT@|$DBD_PORT|g" \
    -e "s|@NODE_PORT_1@|$((NODE_PORT_BASE + 1))|g" -e "s|@NODE_PORT_2@|$((NODE_PORT_BASE + 2))|g" \
    -e "s|@NODE_PORT_3@|$((NODE_PORT_BASE + 3))|g" -e "s|@NODE_PORT_4@|$((NODE_PORT_BASE + 4))|g" \
    -e "s|@DB_HOST@|$DB_HOST|g" -e "s|@DB_PORT@|$DB_PORT|g" -e "s|@DB_NAME@|$DB_NAME|g" \
    -e "s|@DB_USER@|$DB_USER|g" -e "s|@DB_PASS@|$db_pass|g" "$template" |
    awk -v nodes="$STATE_DIR/node-lines" -v gres="$STATE_DIR/gres-lines" '
      $0 == "@NODE_LINES@" { while ((getline l < nodes) > 0) print l; next }
      $0 == "@GRES_LINES@" { while ((getline l < gres) > 0) print l; next }
      { print }' >"$out"
}

# The node lines of slurm.conf and gres.conf, one per node of NODES with its GRES type.
write_node_lines() {
  local host i node
  host=$(hostname -s)
  : >"$STATE_DIR/node-lines"
  : >"$STATE_DIR/gres-lines"
  for i in "${!NODES[@]}"; do
    node=${NODES[$i]}
    echo "NodeName=$node NodeHostname=$host NodeAddr=127.0.0.1 Port=$((NODE_PORT_BASE + i + 1))" \
      "CPUs=32 RealMemory=256000 Gres=gpu:${NODE_GRES[$i]}:8 State=UNKNOWN" >>"$STATE_DIR/node-lines"
    echo "NodeName=$node Name=gpu Type=${NODE_GRES[$i]} File=$STATE_DIR/fakegpu/$node/gpu[0-7]" \
      >>"$STATE_DIR/gres-lines"
  done
}

# --- start ------------------------------------------------------------------------------------------

start_daemons() {
  local db_pass node
  db_pass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')

  rm -rf "$STATE_DIR"
  mkdir -p "$CONF_DIR" "$RUN_DIR" "$LOG_DIR" "$STATE_DIR/ctld" "$MUNGE_DIR"
  chmod 0755 "$STATE_DIR" "$CONF_DIR" "$RUN_DIR" "$LOG_DIR"
  for node in "${NODES[@]}"; do
    mkdir -p "$STATE_DIR/spool/$node" "$STATE_DIR/fakegpu/$node"
    touch "$STATE_DIR/fakegpu/$node"/gpu{0..7}
  done
  install -d -m 1777 "$OUTPUT_DIR"
  write_node_lines

  # Configuration: slurm.conf and gres.conf readable by everyone (slurmrestd and the clients read
  # them), slurmdbd.conf and the JWT key readable by SlurmUser (root) only.
  render "$TEMPLATE_DIR/slurm.conf" "$CONF_DIR/slurm.conf" "$db_pass"
  render "$TEMPLATE_DIR/gres.conf" "$CONF_DIR/gres.conf" "$db_pass"
  (umask 077 && render "$TEMPLATE_DIR/slurmdbd.conf" "$CONF_DIR/slurmdbd.conf" "$db_pass")
  chmod 0644 "$CONF_DIR/slurm.conf" "$CONF_DIR/gres.conf"
  chmod 0600 "$CONF_DIR/slurmdbd.conf"
  (umask 077 && head -c 32 /dev/urandom >"$CONF_DIR/jwt.key")
  chmod 0600 "$CONF_DIR/jwt.key"

  ensure_database "$db_pass"

  # munge: Slurm 22.05's clients (sacctmgr's connection to slurmdbd) ignore AuthInfo=socket= and always
  # use the default socket, so munged must serve /run/munge/munge.socket.2. When a munged already
  # answers there, use it (and leave it running on stop); otherwise start one with a fresh key.
  # munged needs /run/munge to exist, owned by munge.
  install -d -o munge -g munge -m 0755 /run/munge
  chown munge:munge "$MUNGE_DIR"
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    log "using the munged already running on /run/munge/munge.socket.2"
    touch "$MUNGE_DIR/external"
  else
    (umask 077 && head -c 1024 /dev/urandom >"$MUNGE_DIR/munge.key")
    chown munge:munge "$MUNGE_DIR/munge.key"
    chmod 0400 "$MUNGE_DIR/munge.key"
    log "starting munged"
    setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --force \
      --key-file="$MUNGE_DIR/munge.key" --pid-file="$MUNGE_DIR/munged.pid" \
      --log-file="$MUNGE_DIR/munged.log" --seed-file="$MUNGE_DIR/munged.seed"
    wait_for 10 munged test -S /run/munge/munge.socket.2
    munge -n | unmunge >/dev/null
  fi

  log "starting slurmdbd"
  /usr/sbin/slurmdbd
  wait_for "$WAIT_SECONDS" slurmdbd sacctmgr --noheader list cluster

  sacctmgr -i add cluster "$CLUSTER" >/dev/null
  sacctmgr -i add account "$ACCOUNT" Cluster="$CLUSTER" Description="AI Highway development" \
    Organization=highway >/dev/null
  sacctmgr -i add user "$TEST_USER" Account="$ACCOUNT" Cluster="$CLUSTER" >/dev/null

  log "starting slurmctld"
  /usr/sbin/slurmctld
  wait_for "$WAIT_SECONDS" slurmctld scontrol ping

  for node in "${NODES[@]}"; do
    log "starting slurmd -N $node"
    /usr/sbin/slurmd -N "$node"
  done
  wait_for "$WAIT_SECONDS" "all nodes idle" nodes_idle || {
    sinfo -N -o '%N %T %G' >&2 || true
    return 1
  }

  # slurmrestd refuses to run as root or as SlurmUser: run it as an unprivileged user, trusting the
  # token of the request (SLURM_JWT=daemon), and background it ourselves (it has no daemon mode).
  log "starting slurmrestd as $REST_USER on 127.0.0.1:$REST_PORT"
  touch "$LOG_DIR/slurmrestd.log"
  chown "$REST_USER" "$LOG_DIR/slurmrestd.log"
  SLURM_JWT=daemon nohup setpriv --reuid="$REST_USER" --regid="$REST_USER" --init-groups \
    /usr/sbin/slurmrestd -s v0.0.38,dbv0.0.38 -a rest_auth/jwt "127.0.0.1:$REST_PORT" \
    >>"$LOG_DIR/slurmrestd.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/slurmrestd.pid"

  local token
  token=$(scontrol token username=root lifespan="$TOKEN_LIFESPAN" | sed -n 's/^SLURM_JWT=//p')
  [[ -n $token ]] || die "scontrol token printed no token"
  wait_for "$WAIT_SECONDS" slurmrestd rest_ping "$token"

  (
    umask 077
    printf '%s\n' "$token" >"$TOKEN_FILE"
    write_cluster_config >"$CLUSTER_CONFIG"
    cat >"$ENV_FILE" <<EOF
# Written by scripts/slurm-dev.sh start; removed by stop. Source it, or parse KEY='value' lines.
HIGHWAY_SLURM_URL='$REST_URL'
HIGHWAY_SLURM_API_VERSION='v0.0.38'
HIGHWAY_SLURM_TOKEN='$token'
HIGHWAY_SLURM_TOKEN_USER='root'
HIGHWAY_SLURM_USER='$TEST_USER'
HIGHWAY_SLURM_ACCOUNT='$ACCOUNT'
HIGHWAY_SLURM_PARTITION='$PARTITION'
HIGHWAY_SLURM_CLUSTER='$CLUSTER'
HIGHWAY_SLURM_STATE_DIR='$STATE_DIR'
HIGHWAY_SLURM_JWT_KEY='$CONF_DIR/jwt.key'
HIGHWAY_SLURM_TOKEN_FILE='$TOKEN_FILE'
HIGHWAY_SLURM_CLUSTER_CONFIG='$CLUSTER_CONFIG'
HIGHWAY_SLURM_OUTPUT_ROOT='$OUTPUT_DIR'
HIGHWAY_SLURM_USERS='${JOB_USERS[*]}'
SLURM_CONF='$CONF_DIR/slurm.conf'
EOF
  )
}

# The cluster as the platform's configuration names it (src/executors/slurm/slurm-cluster-config.ts).
write_cluster_config() {
  cat <<EOF
{
  "id": "$CLUSTER",
  "kind": "slurm",
  "url": "$REST_URL",
  "apiVersion": "v0.0.38",
  "serviceUser": "root",
  "token": { "file": "$TOKEN_FILE" },
  "gresTypes": { "h100-sxm": "h100", "h200-sxm": "h200" },
  "partition": "$PARTITION",
  "outputRoot": "$OUTPUT_DIR",
  "accounting": true,
  "accountParent": "highway",
  "sacctmgr": { "argv": ["sacctmgr"], "env": { "SLURM_CONF": "$SLURM_CONF" } }
}
EOF
}

nodes_idle() {
  local states
  states=$(sinfo --noheader --Node --format='%N %T' 2>/dev/null) || return 1
  [[ $(grep -c ' idle$' <<<"$states") -eq ${#NODES[@]} ]]
}

rest_ping() {
  # Give up at once if slurmrestd died (port taken, bad plugin), instead of waiting out the timeout.
  live_pid "$RUN_DIR/slurmrestd.pid" slurmrestd >/dev/null || return 125
  curl --silent --fail --max-time 2 -o /dev/null \
    -H "X-SLURM-USER-NAME: root" -H "X-SLURM-USER-TOKEN: $1" "$REST_URL/slurm/v0.0.38/ping"
}

cmd_start() {
  [[ $(id -u) -eq 0 ]] || die "run as root (it starts Slurm daemons and creates users)"
  local liveness=0
  cluster_liveness || liveness=$?
  if ((liveness == 0)) && [[ -f $ENV_FILE ]]; then
    log "already running (state in $STATE_DIR); '$0 stop' first for a fresh one"
    return 0
  fi
  if ((liveness == 2)) || [[ -d $STATE_DIR ]]; then
    log "stopping what is left of a previous run"
    cmd_stop
  fi

  local began=$SECONDS
  ensure_packages
  ensure_users
  trap 'start_failed' ERR
  start_daemons
  trap - ERR
  log "up in $((SECONDS - began))s: $REST_URL, cluster $CLUSTER, env file $ENV_FILE"
  sinfo --Node --format='%N %T %G' >&2
}

start_failed() {
  trap - ERR
  log "start failed; daemon logs follow"
  show_logs
  if [[ ${SLURM_DEV_KEEP_STATE:-0} == 1 ]]; then
    log "SLURM_DEV_KEEP_STATE=1: leaving processes and $STATE_DIR for inspection"
  else
    cmd_stop
  fi
  exit 1
}

# --- stop -------------------------------------------------------------------------------------------

cmd_stop() {
  local name pidfile comm pid pids=() deadline
  # Cancel jobs first so that no slurmstepd outlives its slurmd.
  if live_pid "$RUN_DIR/slurmctld.pid" slurmctld >/dev/null; then
    local jobs
    jobs=$(squeue --noheader --format='%A' 2>/dev/null || true)
    if [[ -n $jobs ]]; then
      # shellcheck disable=SC2086 # one job id per word
      scancel $jobs 2>/dev/null || true
      deadline=$((SECONDS + 15))
      while [[ -n $(squeue --noheader --format='%A' 2>/dev/null || true) ]] && ((SECONDS < deadline)); do
        sleep 0.5
      done
    fi
  fi
  # Stop in reverse start order.
  while read -r name pidfile comm; do
    if pid=$(live_pid "$pidfile" "$comm"); then
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done < <(stop_list | tac)
  deadline=$((SECONDS + 15))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not exit; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if mysql_root -e 'SELECT 1' >/dev/null 2>&1; then
    mysql_root -e "DROP DATABASE IF EXISTS \`$DB_NAME\`" || true
  fi
  if [[ ${SLURM_DEV_KEEP_STATE:-0} != 1 ]]; then
    rm -rf "$STATE_DIR"
  fi
  log "stopped"
}

# --- status -----------------------------------------------------------------------------------------

json_str() { printf '"%s"' "$(sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' <<<"$1")"; }

cmd_status() {
  local liveness=0 name pidfile comm pid first=1 running=false
  cluster_liveness || liveness=$?
  ((liveness == 0)) && [[ -f $ENV_FILE ]] && running=true
  printf '{\n  "running": %s,\n' "$running"
  printf '  "url": %s,\n' "$(json_str "$REST_URL")"
  printf '  "apiVersion": "v0.0.38",\n'
  printf '  "cluster": %s,\n  "partition": %s,\n' "$(json_str "$CLUSTER")" "$(json_str "$PARTITION")"
  printf '  "account": %s,\n  "testUser": %s,\n' "$(json_str "$ACCOUNT")" "$(json_str "$TEST_USER")"
  printf '  "stateDir": %s,\n  "envFile": %s,\n' "$(json_str "$STATE_DIR")" "$(json_str "$ENV_FILE")"
  printf '  "clusterConfig": %s,\n' "$(json_str "$CLUSTER_CONFIG")"
  printf '  "slurmConf": %s,\n  "jwtKey": %s,\n' "$(json_str "$SLURM_CONF")" \
    "$(json_str "$CONF_DIR/jwt.key")"
  if [[ -e $MUNGE_DIR/external ]]; then
    printf '  "munge": "machine",\n'
  else
    printf '  "munge": "own",\n'
  fi
  printf '  "daemons": ['
  while read -r name pidfile comm; do
    ((first)) || printf ','
    first=0
    if pid=$(live_pid "$pidfile" "$comm"); then
      printf '\n    {"name": "%s", "pid": %s, "alive": true}' "$name" "$pid"
    else
      printf '\n    {"name": "%s", "pid": null, "alive": false}' "$name"
    fi
  done < <(daemon_list)
  printf '\n  ],\n  "nodes": ['
  first=1
  if live_pid "$RUN_DIR/slurmctld.pid" slurmctld >/dev/null; then
    local node state gres
    while read -r node state gres; do
      ((first)) || printf ','
      first=0
      printf '\n    {"name": %s, "state": %s, "gres": %s}' "$(json_str "$node")" \
        "$(json_str "$state")" "$(json_str "$gres")"
    done < <(sinfo --noheader --Node --format='%N %T %G' 2>/dev/null || true)
  fi
  printf '\n  ]\n}\n'
  [[ $running == true ]]
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) usage ;;
esac
