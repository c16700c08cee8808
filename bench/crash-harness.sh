#!/usr/bin/env bash
# The fault-injection harness: kills the packaged service with SIGKILL at random moments of a 192 MiB sync,
# restarts it and checks the invariants after every round (src/test/java/backupsync/CrashRecoveryIT.java).
# Usage: bench/crash-harness.sh [rounds=20] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-20}
SEED=${2:-$RANDOM}
mvn -B -ntp -q verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CrashRecoveryIT \
  -Dcrash.rounds="$ROUNDS" -Dcrash.seed="$SEED"
echo "seed $SEED"
cat target/crash-harness.txt
