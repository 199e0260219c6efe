package engine

import (
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
)

const metricPrefix = "temporal_"

// timerBuckets span SDK latencies from a local activity (ms) to a long
// schedule-to-start wait during a national launch (minutes), in seconds.
var timerBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300}

// NewPrometheusMetricsHandler adapts the SDK's metrics to Prometheus so
// that dsflow exposes worker and client health (poll latency, task
// failures, schedule-to-start) on its own /metrics without tally.
//
// Names get the "temporal_" prefix when they lack it; timers become
// histograms in seconds named <name>_seconds; tags become labels. The SDK
// emits one name with different tag sets (a client call has no task_queue,
// a worker's has), which one Prometheus vector cannot hold, so there is one
// vector per (name, sorted tag-key set), made on first use. They are all
// served through a single unchecked collector registered on reg, because a
// registry refuses two vectors of one name with different label names. Call
// it once per registry.
func NewPrometheusMetricsHandler(reg prometheus.Registerer) client.MetricsHandler {
	m := &promMetrics{kinds: map[string]string{}, vecs: map[string]prometheus.Collector{}}
	reg.MustRegister(m)
	return &promHandler{m: m}
}

type promHandler struct {
	m    *promMetrics
	tags map[string]string
}

// WithTags returns a handler whose metrics carry these tags on top of the
// current ones; a key present in both takes the new value.
func (h *promHandler) WithTags(tags map[string]string) client.MetricsHandler {
	merged := make(map[string]string, len(h.tags)+len(tags))
	for k, v := range h.tags {
		merged[k] = v
	}
	for k, v := range tags {
		merged[sanitize(k)] = v
	}
	return &promHandler{m: h.m, tags: merged}
}

// Counter drops negative increments, which a Prometheus counter would
// panic on.
func (h *promHandler) Counter(name string) client.MetricsCounter {
	v, ok := h.m.vec(metricName(name), "counter", h.tags).(*prometheus.CounterVec)
	if !ok {
		return client.MetricsNopHandler.Counter(name)
	}
	c := v.With(h.tags)
	return counterFunc(func(d int64) {
		if d > 0 {
			c.Add(float64(d))
		}
	})
}

func (h *promHandler) Gauge(name string) client.MetricsGauge {
	v, ok := h.m.vec(metricName(name), "gauge", h.tags).(*prometheus.GaugeVec)
	if !ok {
		return client.MetricsNopHandler.Gauge(name)
	}
	return gaugeFunc(v.With(h.tags).Set)
}

func (h *promHandler) Timer(name string) client.MetricsTimer {
	v, ok := h.m.vec(metricName(name)+"_seconds", "histogram", h.tags).(*prometheus.HistogramVec)
	if !ok {
		return client.MetricsNopHandler.Timer(name)
	}
	o := v.With(h.tags)
	return timerFunc(func(d time.Duration) { o.Observe(d.Seconds()) })
}

type (
	counterFunc func(int64)
	gaugeFunc   func(float64)
	timerFunc   func(time.Duration)
)

func (f counterFunc) Inc(d int64)          { f(d) }
func (f gaugeFunc) Update(v float64)       { f(v) }
func (f timerFunc) Record(d time.Duration) { f(d) }

// promMetrics owns the vectors and collects them all.
type promMetrics struct {
	mu    sync.Mutex
	kinds map[string]string               // metric name -> kind first used
	vecs  map[string]prometheus.Collector // name + sorted label names -> vector
}

// vec returns the vector for name and the tags' key set, creating it on
// first use. It returns nil when the name was first used as another kind:
// one metric family cannot mix types.
func (m *promMetrics) vec(name, kind string, tags map[string]string) prometheus.Collector {
	labels := make([]string, 0, len(tags))
	for k := range tags {
		labels = append(labels, k)
	}
	sort.Strings(labels)
	key := name + "\x00" + strings.Join(labels, "\x00")

	m.mu.Lock()
	defer m.mu.Unlock()
	if k, ok := m.kinds[name]; ok && k != kind {
		return nil
	}
	m.kinds[name] = kind
	if v, ok := m.vecs[key]; ok {
		return v
	}
	help := "Temporal SDK " + kind + " " + name + "."
	var v prometheus.Collector
	switch kind {
	case "counter":
		v = prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	case "gauge":
		v = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	default:
		v = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: timerBuckets}, labels)
	}
	m.vecs[key] = v
	return v
}

// Describe sends nothing, which makes the collector unchecked: its label
// sets may differ per vector.
func (m *promMetrics) Describe(chan<- *prometheus.Desc) {}

func (m *promMetrics) Collect(ch chan<- prometheus.Metric) {
	m.mu.Lock()
	vecs := make([]prometheus.Collector, 0, len(m.vecs))
	for _, v := range m.vecs {
		vecs = append(vecs, v)
	}
	m.mu.Unlock()
	for _, v := range vecs {
		v.Collect(ch)
	}
}

func metricName(name string) string {
	name = sanitize(name)
	if !strings.HasPrefix(name, metricPrefix) {
		name = metricPrefix + name
	}
	return name
}

// sanitize maps a name onto Prometheus' [a-zA-Z_][a-zA-Z0-9_]* alphabet.
func sanitize(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9'
		if !ok {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "_"
	}
	return string(b)
}
