#!/usr/bin/env bash
# Runs dsflow's benchmarks and, in the same run, the floors from
# ../shared/bench they are held against; docs/benchmarks.md records the
# output. Needs PostgreSQL on 127.0.0.1:5432 and ../shared/bench. The
# re-bucketing benchmark (1 M tasks, ~20 minutes) and the screening one
# (150,000 cases, about an hour) run with
# DSFLOW_BENCH_LONG=1.
set -euo pipefail
cd "$(dirname "$0")/.."
floors="${DSFLOW_FLOORS:-$(cd .. && pwd)/shared/bench}"
out="${1:-/tmp/dsflow-bench-$(date +%Y%m%d-%H%M%S).txt}"
echo "writing $out"
{
	echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD) on $(nproc) cores"
	echo "## floor: overdue over HTTP (shared/bench/overdue-http, sqllimit database)"
	if ! psql -h 127.0.0.1 -U postgres -d sqllimit -c 'select 1 from overdue_rollup limit 1' >/dev/null 2>&1; then
		psql -q -h 127.0.0.1 -U postgres -c 'drop database if exists sqllimit' -c 'create database sqllimit'
		psql -q -h 127.0.0.1 -U postgres -d sqllimit -f "$floors/sql-limit/setup.sql" -f "$floors/sql-limit/rollup-setup.sql"
	fi
	(cd "$floors/overdue-http" && go test -run TestOverdueHTTPFloor -count=1 -v . 2>&1 | grep -E 'overdue over HTTP|ok|FAIL')
	echo "## dsflow: read API over 1 M tasks"
	go test -run '^$' -bench BenchmarkReadAPI -benchtime 1x -timeout 30m ./bench/ 2>&1 | grep -vE '^(goos|goarch|pkg|cpu):'
	echo "## floor: bare Temporal Update (shared/bench/temporal-limit)"
	(cd "$floors/temporal-limit" && go test -run 'TestUpdateLimit|TestWriteThroughLimit' -count=1 -v . 2>&1 | grep -E 'update|ok|FAIL')
	echo "## dsflow: end-to-end submit, with a bare Update on the same server interleaved"
	go test -run '^$' -bench BenchmarkSubmitEndToEnd -benchtime 1x -timeout 30m ./bench/ 2>&1 | grep -vE '^(goos|goarch|pkg|cpu):'
	echo "## dsflow: one host of 1,000 tasks (adoption, commands, continue-as-new)"
	go test -run '^$' -bench BenchmarkHostOf1000Tasks -benchtime 1x -timeout 30m ./bench/ 2>&1 | grep -vE '^(goos|goarch|pkg|cpu):'
	echo "## dsflow: the embedded default's durability (SQLite synchronous FULL vs NORMAL)"
	go test -run '^$' -bench BenchmarkEmbeddedDurability -benchtime 1x -timeout 30m ./bench/ 2>&1 | grep -vE '^(goos|goarch|pkg|cpu):'
	echo "## dsflow: bulk task creation (one province's launch batch)"
	go test -run '^$' -bench BenchmarkCreateTasks -benchtime 20x ./store/ 2>&1 | grep -vE '^(goos|goarch|pkg|cpu):'
	for mode in pg sqlite1; do
		echo "## floor: national fan-out (shared/bench/fanout, FANOUT_MODE=$mode, 8 pollers)"
		(cd "$floors/fanout" && FANOUT_MODE=$mode FANOUT_POLLERS=8 go test -run TestFanout -count=1 -v -timeout 30m . 2>&1 | grep -vE '^\{' | tail -15)
	done
	echo "## dsflow: national launch (34 provinces, 3,321 communes)"
	go test -run '^$' -bench BenchmarkNationalLaunch -benchtime 1x -timeout 60m ./bench/ 2>&1 | grep -vE '^(goos|goarch|pkg|cpu):'
	if [ "${DSFLOW_BENCH_LONG:-}" = 1 ]; then
		echo "## dsflow: 150,000 open screening cases, 10,000 deadlines in one minute (the fan-out floor above, pg, is its floor)"
		DSFLOW_CASES=150000 go test -run '^$' -bench BenchmarkScreeningCases -benchtime 1x -timeout 180m ./bench/ 2>&1 | grep -vE '^(goos|goarch|pkg|cpu):|^\{'
		echo "## dsflow: task changes over 1 M tasks during the daily re-bucketing"
		go test -run '^$' -bench BenchmarkRebucketUnderLoad -benchtime 1x -timeout 60m ./bench/ 2>&1 | grep -vE '^(goos|goarch|pkg|cpu):'
	fi
} 2>&1 | tee "$out"
