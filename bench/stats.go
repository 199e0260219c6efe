package bench

import (
	"errors"
	"sort"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"

	"dsflow/workflows/task"
)

// percentile returns the p-th percentile (0–1) of d; d is sorted in place.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[int(float64(len(d)-1)*p)]
}

// report records p50/p95/p99 in milliseconds under a name prefix.
func report(b *testing.B, prefix string, lat []time.Duration) {
	b.Helper()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	p50, p95, p99 := percentile(lat, .50), percentile(lat, .95), percentile(lat, .99)
	b.ReportMetric(ms(p50), prefix+"_p50_ms")
	b.ReportMetric(ms(p95), prefix+"_p95_ms")
	b.ReportMetric(ms(p99), prefix+"_p99_ms")
	b.Logf("%s: n=%d p50=%v p95=%v p99=%v", prefix, len(lat), p50, p95, p99)
}

// isDraining reports a command refused because its host was about to
// continue as new (task.CodeDraining): the caller sends it again.
func isDraining(err error) bool {
	var ae *temporal.ApplicationError
	return errors.As(err, &ae) && ae.Type() == task.CodeDraining
}
