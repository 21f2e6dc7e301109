# Sourced by the scripts in bin/ and by .ci/run: makes sure `java` and `mvn` use a JDK 21 or newer.
# Keeps JAVA_HOME when it already points at one; otherwise picks the newest JDK >= 21 under /usr/lib/jvm
# (or /Library/Java/JavaVirtualMachines on macOS).
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
  :
elif command -v java >/dev/null 2>&1 && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
else
  best=""; best_major=0
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(java_major "$candidate/bin/java")"
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "A JDK 21 or newer is required (found none in JAVA_HOME, on PATH or under /usr/lib/jvm)." >&2
    exit 1
  fi
  JAVA_HOME="$best"
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
