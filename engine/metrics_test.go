package engine

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

func TestPrometheusMetricsHandler(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := NewPrometheusMetricsHandler(reg)
	ns := h.WithTags(map[string]string{"namespace": "default"})
	tq := ns.WithTags(map[string]string{"task_queue": "q", "namespace": "other"})

	ns.Counter("temporal_request").Inc(2)
	ns.Counter("temporal_request").Inc(3)
	ns.Counter("temporal_request").Inc(-1) // ignored: counters only grow
	tq.Counter("temporal_request").Inc(7)  // same name, other label set
	h.Counter("poll-empty").Inc(1)         // prefixed and sanitized
	ns.Gauge("temporal_num_pollers").Update(8)
	ns.Gauge("temporal_num_pollers").Update(4)
	tq.Timer("temporal_request_latency").Record(250 * time.Millisecond)
	tq.Timer("temporal_request_latency").Record(2 * time.Second)
	ns.Gauge("temporal_request").Update(1) // kind clash: dropped, not a broken scrape

	mfs, err := reg.Gather()
	if err != nil {
		t.Fatalf("Gather: %v", err)
	}
	fams := map[string]*dto.MetricFamily{}
	for _, mf := range mfs {
		fams[mf.GetName()] = mf
	}
	find := func(name string, labels map[string]string) *dto.Metric {
		t.Helper()
		for _, m := range fams[name].GetMetric() {
			got := map[string]string{}
			for _, lp := range m.GetLabel() {
				got[lp.GetName()] = lp.GetValue()
			}
			if len(got) == len(labels) {
				match := true
				for k, v := range labels {
					match = match && got[k] == v
				}
				if match {
					return m
				}
			}
		}
		t.Fatalf("no %s%v in %v", name, labels, fams[name])
		return nil
	}

	if v := find("temporal_request", map[string]string{"namespace": "default"}).GetCounter().GetValue(); v != 5 {
		t.Errorf("temporal_request{namespace=default} = %v, want 5", v)
	}
	if v := find("temporal_request", map[string]string{"namespace": "other", "task_queue": "q"}).GetCounter().GetValue(); v != 7 {
		t.Errorf("temporal_request{namespace=other,task_queue=q} = %v, want 7", v)
	}
	if fams["temporal_request"].GetType() != dto.MetricType_COUNTER {
		t.Errorf("temporal_request type %v", fams["temporal_request"].GetType())
	}
	if v := find("temporal_poll_empty", nil).GetCounter().GetValue(); v != 1 {
		t.Errorf("temporal_poll_empty = %v, want 1", v)
	}
	if v := find("temporal_num_pollers", map[string]string{"namespace": "default"}).GetGauge().GetValue(); v != 4 {
		t.Errorf("temporal_num_pollers = %v, want 4", v)
	}
	hist := find("temporal_request_latency_seconds", map[string]string{"namespace": "other", "task_queue": "q"}).GetHistogram()
	if hist.GetSampleCount() != 2 || hist.GetSampleSum() != 2.25 {
		t.Errorf("latency histogram count %d sum %v, want 2 and 2.25", hist.GetSampleCount(), hist.GetSampleSum())
	}
}
