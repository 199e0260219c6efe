package rollup_test

import (
	"testing"
	"time"

	"dsflow/models"
	"dsflow/rollup"
)

func f(v float64) *float64 { return &v }

func TestRollup(t *testing.T) {
	start := time.Date(2026, 4, 30, 17, 0, 0, 0, time.UTC) // 1 May ICT
	end := time.Date(2026, 6, 29, 17, 0, 0, 0, time.UTC)   // 30 June ICT
	def := models.TemplateDef{Indicators: []models.IndicatorDef{
		{Key: "users", Rollup: models.RollupSum},
		{Key: "screened", Rollup: models.RollupSum},
		{Key: "pregnant", Rollup: models.RollupSum},
		{Key: "coverage", Rollup: models.RollupRatio, Numerator: "screened", Denominator: "pregnant"},
	}}
	province := models.Unit{ID: 1, Path: "/1/"}
	district := models.Unit{ID: 5, Path: "/1/5/"}
	a, b := models.Unit{ID: 77, Path: "/1/5/77/"}, models.Unit{ID: 78, Path: "/1/5/78/"}
	in := rollup.Input{
		Def: def, Process: models.Process{WindowStart: start, WindowEnd: end},
		Participants: []models.Unit{a, b},
		Sums: map[uint]map[string]float64{
			77: {"users": 30, "screened": 70, "pregnant": 100},
			78: {"users": 5},
			5:  {"users": 35, "screened": 70, "pregnant": 100},
			1:  {"users": 35, "screened": 70, "pregnant": 100},
		},
		Targets: []models.ProcessTarget{{Indicator: "users", Value: 40}, {UnitID: 78, Indicator: "users", Value: 20},
			{Indicator: "coverage", Value: 78}, {UnitID: 5, Indicator: "coverage", Value: 80}},
		Now: start.Add(30 * 24 * time.Hour), // half way
	}
	c := rollup.New(in)
	byKey := func(fs []rollup.Figure) map[string]rollup.Figure {
		m := map[string]rollup.Figure{}
		for _, x := range fs {
			m[x.Indicator] = x
		}
		return m
	}
	cases := []struct {
		unit           models.Unit
		ind            string
		target, actual *float64
		percent        *float64
		lagging        bool
	}{
		{a, "users", f(40), f(30), f(75), false}, // half way, 75% done
		{b, "users", f(20), f(5), f(25), true},   // its own target, a quarter done
		{district, "users", f(60), f(35), f(100 * 35.0 / 60), false},
		{province, "users", f(60), f(35), f(100 * 35.0 / 60), false},
		{a, "coverage", f(80), f(70), f(87.5), true}, // the district's target, nearest above
		{b, "coverage", f(80), nil, f(0), false},     // nothing reported: not a ratio yet
		{province, "coverage", f(78), f(70), f(100 * 70.0 / 78), true},
	}
	for _, tc := range cases {
		got := byKey(c.At(tc.unit))[tc.ind]
		if !eq(got.Target, tc.target) || !eq(got.Actual, tc.actual) || !eq(got.Percent, tc.percent) || got.Lagging != tc.lagging {
			t.Errorf("unit %d %s: target %v actual %v percent %v lagging %v", tc.unit.ID, tc.ind, deref(got.Target), deref(got.Actual), deref(got.Percent), got.Lagging)
		}
	}
}

func TestPace(t *testing.T) {
	start := time.Date(2026, 4, 30, 17, 0, 0, 0, time.UTC)
	end := start.Add(9 * 24 * time.Hour) // a ten-day window
	for _, c := range []struct {
		now  time.Time
		want float64
	}{{start.Add(-time.Hour), 0}, {start, 0}, {start.Add(5 * 24 * time.Hour), 0.5}, {end.Add(24 * time.Hour), 1}, {end.Add(48 * time.Hour), 1}} {
		if got := rollup.Pace(start, end, c.now); got != c.want {
			t.Errorf("pace at %v: %v, want %v", c.now, got, c.want)
		}
	}
}

func eq(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	d := *a - *b
	return d < 1e-9 && d > -1e-9
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
