# Sourced by bin/bascule and bin/test: finds a JDK >= 21 and exports JAVA_HOME and JAVA_MAJOR.
# Order: $JAVA_HOME if recent enough, then the newest JDK in the usual install locations, then `java` on PATH.

_bascule_major() {
  # prints the feature version of the JDK at $1 (e.g. 25), or nothing
  local rel="$1/release"
  if [ -r "$rel" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel"
  elif [ -x "$1/bin/java" ]; then
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
  fi
}

bascule_find_jdk() {
  local best="" best_major=0 cand major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(_bascule_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_MAJOR="$major"
      return 0
    fi
  fi
  for cand in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$cand/bin/javac" ] || continue
    major=$(_bascule_major "$cand")
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$cand"; best_major="$major"
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(_bascule_major "$cand")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then best="$cand"; best_major="$major"; fi
  fi
  if [ -z "$best" ]; then
    echo "bascule: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt, ~/.sdkman)." >&2
    echo "bascule: install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export JAVA_MAJOR="$best_major"
}

# Quiets the JDK 23+ warning about Maven's own use of sun.misc.Unsafe during builds.
bascule_maven_opts() {
  if [ "${JAVA_MAJOR:-0}" -ge 23 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

# JVM flags for running Bascule. A proxy's live heap is small (buffers are pooled off-heap), so the heap
# is capped (BASCULE_HEAP, default 1g) and given back when idle; Netty's leak detector
# (sampling, with a stack trace per sample) is for tests, not production; compact object headers shrink
# the per-connection objects on JDK 25+; native access is allowed quietly for the epoll library.
bascule_jvm_flags() {
  local flags="-XX:+UseG1GC -Xmx${BASCULE_HEAP:-1g} -XX:G1PeriodicGCInterval=30000 -Xss512k"
  flags="$flags -Dio.netty.leakDetection.level=disabled"
  if [ "${JAVA_MAJOR:-0}" -ge 22 ]; then flags="$flags --enable-native-access=ALL-UNNAMED"; fi
  if [ "${JAVA_MAJOR:-0}" -ge 23 ]; then flags="$flags --sun-misc-unsafe-memory-access=allow"; fi
  if [ "${JAVA_MAJOR:-0}" -ge 25 ]; then flags="$flags -XX:+UseCompactObjectHeaders"; fi
  echo "$flags"
}
