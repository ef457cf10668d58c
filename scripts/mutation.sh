#!/usr/bin/env bash
# Mutation testing with mutmut (configured under [tool.mutmut] in pyproject.toml): it plants
# one small bug at a time in the trainer and the protocol modules and reruns the fast tests
# that reach the changed function; a bug that no test notices survives. It takes from minutes
# to an hour, so it is not part of scripts/test.sh or CI.
#
#   bash scripts/mutation.sh            every configured module
#   bash scripts/mutation.sh core.trainer    only the mutants of nnvisu.core.trainer (or wire.protocol, ...)
#   MUTATION_JOBS=1 bash scripts/mutation.sh core.trainer    one test run at a time (default: cores)
#
# It prints the score and the surviving mutants; `mutmut show NAME` prints one's diff.
# Results are kept in mutants/ (ignored by git), and a rerun retests only what changed;
# `rm -rf mutants` starts afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VIRTUAL_ENV:-}" ]; then
  bash scripts/setup.sh --dev
  . .venv/bin/activate
fi

names=()
for module in "$@"; do
  names+=("nnvisu.${module}.*")
done
mutmut run --max-children "${MUTATION_JOBS:-$(nproc)}" "${names[@]}"
mutmut export-cicd-stats >/dev/null
python - <<'EOF'
import json

s = json.load(open("mutants/mutmut-cicd-stats.json"))
tested = s["killed"] + s["survived"] + s["timeout"] + s["suspicious"]
caught = s["killed"] + s["timeout"]
print(f"mutation score: {caught}/{tested} caught ({100 * caught / max(tested, 1):.1f}%); {s}")
EOF
echo "surviving mutants (mutmut show NAME for the diff):"
mutmut results
