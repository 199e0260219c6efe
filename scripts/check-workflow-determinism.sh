#!/usr/bin/env bash
# Workflow code must replay deterministically. Temporal's workflowcheck (run
# by `make lint` before this) follows every call a workflow function makes
# and refuses the clock, randomness, goroutines, channels and map order. It
# does not look at imports: code no workflow calls yet, and I/O it does not
# know of (files, database drivers, our store), pass it. So this keeps the
# packages under workflows/ from importing what has no place there: directly
# for the standard library's I/O and randomness (the SDK itself uses some of
# them), and at any depth for GORM and dsflow's own I/O packages.
set -euo pipefail
cd "$(dirname "$0")/.."
direct='^(os|os/exec|net|net/http|database/sql|math/rand|math/rand/v2|crypto/rand|gorm\.io/.*|dsflow/(store|activities|api|engine|notify|auth)(/.*)?)$'
anywhere='^(gorm\.io/.*|dsflow/(store|activities|api|engine|notify)(/.*)?)$'
bad=""
while read -r pkg imports; do
	for imp in $imports; do
		if [[ $imp =~ $direct ]]; then bad+="$pkg imports $imp"$'\n'; fi
	done
done < <(go list -f '{{.ImportPath}} {{join .Imports " "}}' ./workflows/...)
while read -r pkg deps; do
	for dep in $deps; do
		if [[ $dep =~ $anywhere ]]; then bad+="$pkg depends on $dep"$'\n'; fi
	done
done < <(go list -f '{{.ImportPath}} {{join .Deps " "}}' ./workflows/...)
if [ -n "$bad" ]; then
	echo "workflow packages that reach for I/O:"
	printf '%s' "$bad"
	exit 1
fi
