#!/usr/bin/env bash
# Runs the KernelLab JMH benchmarks: kernel.bench/run.sh [JMH options] [benchmark regexp]
#   kernel.bench/run.sh                       all benchmarks with each class's own settings (about 7 minutes)
#   kernel.bench/run.sh ContextSwitch         one class
#   kernel.bench/run.sh -p tasks=1000 ring    one parameter value
#   kernel.bench/run.sh -h                    JMH's own help
#   kernel.bench/run.sh --main SwapPause      a plain main of org.kernellab.bench (SwapPause, HeapPerTask) with its arguments
# Each benchmark class sets modest defaults (1 fork, a few 1 s warm-up iterations, 5 measured
# ones); JMH options such as -f, -wi, -i or -prof gc override them. Builds target/benchmarks.jar first
# when it is missing or older than the sources, with `mvn package` (never install: that would
# overwrite the artifacts in ~/.m2 that other builds use).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

# The major version of the java binary $1, or 0.
java_major() {
    local v
    v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')" || true
    v="${v#1.}"
    [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

# A JDK 21+: JAVA_HOME when it is one, else the newest under /usr/lib/jvm (as the build's toolchain does).
find_jdk() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]]; then
        echo "$JAVA_HOME"
        return
    fi
    local best="" best_v=0 d v
    for d in /usr/lib/jvm/*/; do
        d="${d%/}"
        [[ -x "$d/bin/java" && -x "$d/bin/javac" ]] || continue
        v="$(java_major "$d/bin/java")"
        if (( v > best_v )); then best="$d"; best_v=$v; fi
    done
    if (( best_v < 21 )); then
        echo "run.sh: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm); install one, e.g. apt-get install openjdk-21-jdk-headless" >&2
        exit 1
    fi
    echo "$best"
}

jdk="$(find_jdk)"

stale() {
    [[ ! -f "$jar" ]] && return 0
    # a build stopped while it wrote the jar leaves it truncated: no zip end record at its end
    [[ "$(tail -c 22 "$jar" | head -c 4 | od -An -tx1 | tr -d ' \n')" != 504b0506 ]] && return 0
    [[ -n "$(find "$root/kernel.api/src" "$root/kernel.core/src/main" "$root/kernel.irq/src/main" "$root/kernel.softirq/src/main" \
        "$root/kernel.block/src/main" "$root/devices/kernel.device.disk/src/main" "$root/devices/kernel.driver.disk/src/main" \
        "$root/devices/kernel.driver.disk.v2/src/main" "$here/src" "$root/pom.xml" "$here/pom.xml" \
        -newer "$jar" -type f -print -quit)" ]]
}

if stale; then
    echo "run.sh: building $jar" >&2
    # Maven picks its own JDK 21+ through the toolchains plugin; it may itself run on 17.
    (cd "$root" && mvn -B -q -pl kernel.bench -am package -DskipTests) >&2
fi

if [[ "${1:-}" == "--main" ]]; then
    # The JVM flags of the JMH forks (see the classes' @Fork): continuations, one carrier thread.
    cls="${2:?run.sh --main needs a class name, e.g. SwapPause}"
    shift 2
    exec "$jdk/bin/java" --add-exports=java.base/jdk.internal.vm=ALL-UNNAMED -Djdk.virtualThreadScheduler.parallelism=1 \
        -Djdk.virtualThreadScheduler.maxPoolSize=1 -XX:+UseParallelGC -cp "$jar" "org.kernellab.bench.$cls" "$@"
fi

exec "$jdk/bin/java" -jar "$jar" "$@"
