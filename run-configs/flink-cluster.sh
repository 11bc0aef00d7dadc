#!/usr/bin/env bash
# A standalone Apache Flink 1.19 session cluster on this machine: one JobManager and N
# TaskManagers as separate JVMs on 127.0.0.1, started from Maven Central's Flink jars (the ones
# beam-runners-flink-1.19 is built against, plus the web UI), the way Flink's own bin/ scripts
# start them. For tests and demos; see run-configs/FLINK.md.
#
#   run-configs/flink-cluster.sh start    start what is not running, wait until every
#                                         TaskManager has registered, print the web UI URL
#   run-configs/flink-cluster.sh stop     stop every process by its PID file and wait
#   run-configs/flink-cluster.sh status   what runs, and what the REST API reports
#   run-configs/flink-cluster.sh flink ARGS...
#                                         Flink's command-line client (what bin/flink runs:
#                                         org.apache.flink.client.cli.CliFrontend) against this
#                                         cluster, e.g. flink list, flink run -c ... jar args
#
# Environment (defaults in brackets):
#   FLINK_REST_PORT [8081]        REST API and web UI on 127.0.0.1
#   FLINK_RPC_PORT [6123]         JobManager RPC port on 127.0.0.1
#   FLINK_TASKMANAGERS [2]        TaskManager processes
#   FLINK_SLOTS [1]               task slots per TaskManager
#   FLINK_JM_MEMORY [1024m]       jobmanager.memory.process.size
#   FLINK_TM_MEMORY [2048m]       taskmanager.memory.process.size
#   FLINK_CLUSTER_DIR [<repo>/.usage-intel/flink-cluster]   conf/, log/, run/ (PID files)
#   FLINK_RESTART_ATTEMPTS [3]    restarts of a failed job (fixed delay), for jobs that set
#   FLINK_RESTART_DELAY [10 s]    no restart strategy themselves (Beam's batch jobs)
#   FLINK_START_TIMEOUT [180]     seconds to wait for the TaskManagers to register
#   JAVA_HOME                     the Java 17 to run (else java on the PATH)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rest_port="${FLINK_REST_PORT:-8081}"
rpc_port="${FLINK_RPC_PORT:-6123}"
taskmanagers="${FLINK_TASKMANAGERS:-2}"
slots="${FLINK_SLOTS:-1}"
jm_memory="${FLINK_JM_MEMORY:-1024m}"
tm_memory="${FLINK_TM_MEMORY:-2048m}"
cluster_dir="${FLINK_CLUSTER_DIR:-$repo/.usage-intel/flink-cluster}"
restart_attempts="${FLINK_RESTART_ATTEMPTS:-3}"
restart_delay="${FLINK_RESTART_DELAY:-10 s}"
start_timeout="${FLINK_START_TIMEOUT:-180}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

conf_dir="$cluster_dir/conf"
log_dir="$cluster_dir/log"
run_dir="$cluster_dir/run"
classpath_file="$cluster_dir/classpath.txt"
cluster_pom="$repo/run-configs/flink-cluster/pom.xml"
rest_url="http://127.0.0.1:$rest_port"

# What Flink's config.yaml passes on Java 17 (env.java.opts.all).
java17_opts=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

die() {
  echo "flink-cluster: $*" >&2
  exit 1
}

is_running() { # pid file
  [[ -f "$1" ]] || return 1
  local pid state
  pid="$(cat "$1")"
  kill -0 "$pid" 2>/dev/null || return 1
  # A killed process stays a zombie until its parent (init, here) reaps it.
  state="$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ "$state" != Z && "$state" != X ]]
}

# The cluster's classpath, resolved by Maven from run-configs/flink-cluster/pom.xml (kept until
# a pom changes or a jar disappears).
classpath() {
  local stale=0
  if [[ ! -s "$classpath_file" || "$cluster_pom" -nt "$classpath_file" || "$repo/pom.xml" -nt "$classpath_file" ]]; then
    stale=1
  else
    local jar
    while IFS= read -r jar; do
      [[ -f "$jar" ]] || stale=1
    done < <(tr ':' '\n' < "$classpath_file")
  fi
  if (( stale )); then
    echo "resolving the Flink cluster classpath with Maven (run-configs/flink-cluster/pom.xml)..." >&2
    mvn -B -q -Dstyle.color=never -f "$cluster_pom" dependency:build-classpath -Dmdep.outputFile="$classpath_file" >&2 \
      || die "could not resolve the cluster's jars (mvn -f $cluster_pom dependency:build-classpath)"
  fi
  cat "$classpath_file"
}

write_conf() {
  mkdir -p "$conf_dir" "$log_dir" "$run_dir"
  cat > "$conf_dir/config.yaml" <<EOF
# Written by run-configs/flink-cluster.sh; edit the script, not this file.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: $jm_memory
jobmanager.execution.failover-strategy: region
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $slots
taskmanager.memory.process.size: $tm_memory
taskmanager.memory.managed.fraction: 0.25
# A Beam batch job has some 80 operators running at once in each slot, each with network buffers.
taskmanager.memory.network.fraction: 0.2
taskmanager.memory.network.min: 256mb
parallelism.default: 1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
# A job that sets no restart strategy of its own (Beam's batch translation sets none) is
# restarted, e.g. after a TaskManager is lost; that may take two attempts, as the first
# restart can still meet the lost TaskManager's results.
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: $restart_attempts
restart-strategy.fixed-delay.delay: $restart_delay
# A killed TaskManager is noticed within seconds anyway (its heartbeat RPCs fail); a silent one
# within 30 s rather than Flink's default 50 s. Shorter timeouts fail healthy jobs on a busy
# 2-core machine (seen with 8 s).
heartbeat.interval: 5000
heartbeat.timeout: 30000
# A job waits this long for slots (e.g. for a restarted TaskManager) before failing.
slot.request.timeout: 60000
io.tmp.dirs: $cluster_dir/tmp
web.tmpdir: $cluster_dir/tmp/web
EOF
  mkdir -p "$cluster_dir/tmp/web"
  cat > "$conf_dir/log4j.properties" <<'EOF'
# Each process logs to the file in its log.file system property (the web UI shows it).
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.pekko.name = org.apache.pekko
logger.pekko.level = INFO
logger.netty.name = org.apache.flink.shaded.netty4.io.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
EOF
}

# The JVM flags and -D properties that BashJavaUtils computes from the memory settings, as
# Flink's jobmanager.sh / taskmanager.sh do: line 1 JVM flags, line 2 dynamic properties.
resource_params() { # GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS classpath
  local output
  output="$("$java" -classpath "$2" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$conf_dir" 2>&1)" || die "BashJavaUtils $1 failed: $output"
  output="$(grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$output" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  [[ "$(wc -l <<<"$output")" -eq 2 ]] || die "unexpected BashJavaUtils $1 output: $output"
  echo "$output"
}

launch() { # name main-class resource-command classpath extra-args...
  local name="$1" main="$2" command="$3" cp="$4"
  shift 4
  local params jvm_flags dynamic
  log_start[$name]="$( (cat "$log_dir/$name.log" 2>/dev/null || true) | wc -l)"
  params="$(resource_params "$command" "$cp")"
  read -r -a jvm_flags <<<"$(head -n 1 <<<"$params")"
  read -r -a dynamic <<<"$(tail -n 1 <<<"$params")"
  # In the cluster directory, not the caller's: a job must not depend on where the cluster started.
  (
    cd "$cluster_dir"
    exec nohup "$java" "${jvm_flags[@]}" "${java17_opts[@]}" \
      -Dlog.file="$log_dir/$name.log" \
      -Dlog4j.configurationFile="file:$conf_dir/log4j.properties" \
      -classpath "$cp" "$main" --configDir "$conf_dir" "$@" "${dynamic[@]}" \
      > "$log_dir/$name.out" 2>&1 < /dev/null
  ) &
  echo $! > "$run_dir/$name.pid"
  echo "started $name (pid $!), log $log_dir/$name.log"
}

# Log lines of each process before this start launched it: its registration comes after them.
declare -A log_start=()

registered_taskmanagers() {
  curl -sf --max-time 5 "$rest_url/taskmanagers" 2>/dev/null | grep -o '"id":"taskmanager-[0-9]*"' | sort -u | wc -l || true
}

# Every TaskManager registered, those just launched included (a restarted one reuses the id of
# the one it replaces, which the JobManager may still list).
all_registered() {
  [[ "$(registered_taskmanagers)" -ge "$taskmanagers" ]] || return 1
  local name
  for name in "$@"; do
    tail -n "+$(( ${log_start[$name]} + 1 ))" "$log_dir/$name.log" 2>/dev/null \
      | grep -q "Successful registration at resource manager" || return 1
  done
}

check_alive() {
  local pid_file name
  for pid_file in "$run_dir"/*.pid; do
    [[ -e "$pid_file" ]] || continue
    name="$(basename "$pid_file" .pid)"
    if ! is_running "$pid_file"; then
      echo "flink-cluster: $name exited during start; the end of its output:" >&2
      tail -n 20 "$log_dir/$name.out" "$log_dir/$name.log" >&2 2>/dev/null || true
      exit 1
    fi
  done
}

start() {
  mkdir -p "$cluster_dir"
  local cp
  cp="$(classpath)"
  if ! is_running "$run_dir/jobmanager.pid"; then
    if curl -sf --max-time 2 "$rest_url/overview" > /dev/null 2>&1; then
      die "something else already answers on $rest_url (set FLINK_REST_PORT)"
    fi
    write_conf
    launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
      GET_JM_RESOURCE_PARAMS "$cp" --executionMode cluster
  fi
  local n launched=()
  for (( n = 1; n <= taskmanagers; n++ )); do
    if ! is_running "$run_dir/taskmanager-$n.pid"; then
      launch "taskmanager-$n" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
        GET_TM_RESOURCE_PARAMS "$cp" -D "taskmanager.resource-id=taskmanager-$n"
      launched+=("taskmanager-$n")
    fi
  done

  local waited=0
  until all_registered "${launched[@]}"; do
    check_alive
    (( waited < start_timeout )) || die "the TaskManagers did not register within ${start_timeout}s (logs in $log_dir)"
    sleep 1
    waited=$((waited + 1))
  done
  echo "Flink session cluster up: $taskmanagers TaskManager(s) x $slots slot(s); web UI $rest_url"
}

stop() {
  local pid_file pid stopped=()
  shopt -s nullglob
  for pid_file in "$run_dir"/taskmanager-*.pid "$run_dir"/jobmanager.pid; do
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      stopped+=("$pid")
    fi
  done
  # Flink shuts down within seconds of SIGTERM; after 30 s, SIGKILL.
  local deadline=$((SECONDS + 30))
  for pid in "${stopped[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if (( SECONDS >= deadline )); then
        kill -9 "$pid" 2>/dev/null || true
      fi
      sleep 0.5
    done
  done
  rm -f "$run_dir"/*.pid
  echo "Flink session cluster stopped (${#stopped[@]} process(es))"
}

status() {
  local pid_file name any=0
  shopt -s nullglob
  for pid_file in "$run_dir"/jobmanager.pid "$run_dir"/taskmanager-*.pid; do
    name="$(basename "$pid_file" .pid)"
    if is_running "$pid_file"; then
      echo "$name: running (pid $(cat "$pid_file"))"
      any=1
    else
      echo "$name: not running"
    fi
  done
  if curl -sf --max-time 5 "$rest_url/overview" > /dev/null 2>&1; then
    echo "REST API $rest_url: $(registered_taskmanagers) TaskManager(s) registered; web UI $rest_url"
  else
    echo "REST API $rest_url: not answering"
  fi
  (( any )) || return 3
}

# Flink's bin/flink: CliFrontend with the cluster's classpath and configuration directory.
flink_cli() {
  [[ -f "$conf_dir/config.yaml" ]] || die "no cluster configuration in $conf_dir: run '$0 start' first"
  local cp
  cp="$(classpath)"
  FLINK_CONF_DIR="$conf_dir" exec "$java" "${java17_opts[@]}" \
    -Dlog.file="$log_dir/flink-client.log" \
    -Dlog4j.configurationFile="file:$conf_dir/log4j.properties" \
    -classpath "$cp" org.apache.flink.client.cli.CliFrontend "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  flink) shift; flink_cli "$@" ;;
  *)
    echo "usage: $0 start|stop|status|flink ARGS..." >&2
    exit 2
    ;;
esac
