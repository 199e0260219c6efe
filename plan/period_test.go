package plan_test

import (
	"testing"

	"dsflow/calendar"
	"dsflow/models"
	"dsflow/plan"
)

func TestPeriodOf(t *testing.T) {
	d := func(s string) calendar.Date {
		x, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, c := range []struct {
		cadence, day, label, start, end string
	}{
		{models.CadenceQuarter, "2026-08-15", "2026-Q3", "2026-07-01", "2026-09-30"},
		{models.CadenceQuarter, "2026-01-01", "2026-Q1", "2026-01-01", "2026-03-31"},
		{models.CadenceHalf, "2026-06-30", "2026-H1", "2026-01-01", "2026-06-30"},
		{models.CadenceHalf, "2026-07-01", "2026-H2", "2026-07-01", "2026-12-31"},
		{models.CadenceYear, "2028-02-29", "2028", "2028-01-01", "2028-12-31"},
		{models.CadenceMonth, "2028-02-10", "2028-02", "2028-02-01", "2028-02-29"},
	} {
		p := plan.PeriodOf(c.cadence, d(c.day))
		if p.Label != c.label || p.Start.String() != c.start || p.End.String() != c.end {
			t.Errorf("%s %s: %+v, want %s %s–%s", c.cadence, c.day, p, c.label, c.start, c.end)
		}
	}
}
