// Package bench holds dsflow's benchmarks (docs/benchmarks.md records the
// figures and the floors from ../shared/bench taken in the same run). They
// run only with -bench; each does a fixed amount of work and reports
// latency percentiles as custom metrics, so run them with -benchtime 1x.
package bench
