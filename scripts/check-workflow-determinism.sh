#!/usr/bin/env bash
# Workflow code must replay deterministically: no wall clock, no randomness,
# no native goroutines, no I/O packages. Go's own tools do not check this,
# so this script does, over non-test files under workflows/.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(grep -rnE 'time\.(Now|Sleep|After|Tick|NewTimer)\(|"math/rand|"crypto/rand"|"net/http"|"gorm\.io|"os"|"dsflow/(store|activities|api|engine)"|(^|[^.])\bgo func' \
	--include='*.go' --exclude='*_test.go' workflows || true)
if [ -n "$bad" ]; then
	echo "workflow code that may not be deterministic:"
	echo "$bad"
	exit 1
fi
