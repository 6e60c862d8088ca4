# Sourced by ./mvnw, ./wabridge and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Keeps a suitable JAVA_HOME, else takes the java on PATH if new enough, else the newest JDK under /usr/lib/jvm.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1; }
wabridge_pick_java() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
                   $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      export WABRIDGE_JAVA_MAJOR="${major%%.*}"
      return 0
    fi
  done
  echo "wabridge: no JDK >= 21 found (set JAVA_HOME)" >&2
  return 1
}
wabridge_pick_java
