// Package rollup puts a process's figures against its targets at any unit
// of the tree: plan (the target), actual (the reported figures summed, or
// a ratio of two sums), the share of the target reached, and whether the
// unit lags behind the pace the window asks for. It is pure: the store
// gives it the sums and the targets.
package rollup

import (
	"time"

	"dsflow/models"
)

// Figure is one indicator at one unit.
type Figure struct {
	Indicator string      `json:"indicator"`
	Title     models.Text `json:"title"`
	Unit      string      `json:"unit,omitempty"`
	Rollup    string      `json:"rollup"`
	// Target is the plan (nil when none was set); Actual what was
	// reported (nil when nothing was: a ratio of nothing).
	Target *float64 `json:"target,omitempty"`
	Actual *float64 `json:"actual,omitempty"`
	// Percent is Actual over Target, in percent.
	Percent *float64 `json:"percent_of_target,omitempty"`
	// Lagging: below the pace (a sum short of the target's share the
	// elapsed window asks for; a ratio under its target).
	Lagging bool `json:"lagging"`
}

// Input is what Compute needs of a process.
type Input struct {
	Def     models.TemplateDef
	Process models.Process
	// Participants are the units that take part (the process's level).
	Participants []models.Unit
	// Sums are the figures summed at every unit: Sums[unit][indicator].
	Sums map[uint]map[string]float64
	// Targets are the process's targets (UnitID 0: the default of every
	// participant).
	Targets []models.ProcessTarget
	Now     time.Time
}

// Computer answers for any unit of one process.
type Computer struct {
	in       Input
	explicit map[uint]map[string]float64
	defaults map[string]float64
	pace     float64
}

// New prepares the targets and the pace of a process.
func New(in Input) *Computer {
	c := &Computer{in: in, explicit: map[uint]map[string]float64{}, defaults: map[string]float64{}}
	for _, t := range in.Targets {
		if t.UnitID == 0 {
			c.defaults[t.Indicator] = t.Value
			continue
		}
		if c.explicit[t.UnitID] == nil {
			c.explicit[t.UnitID] = map[string]float64{}
		}
		c.explicit[t.UnitID][t.Indicator] = t.Value
	}
	// A template's usual target (the annual plan's 78 %) stands where the
	// launch set none.
	for _, ind := range in.Def.Indicators {
		if _, ok := c.defaults[ind.Key]; !ok && ind.Target != nil {
			c.defaults[ind.Key] = *ind.Target
		}
	}
	c.pace = Pace(in.Process.WindowStart, in.Process.WindowEnd, in.Now)
	return c
}

// Pace is the share of the window elapsed at now, 0 to 1: what share of a
// target a unit on pace has reached.
func Pace(start, end, now time.Time) float64 {
	total := end.Add(24 * time.Hour).Sub(start) // the end day counts
	switch {
	case total <= 0 || !now.Before(start.Add(total)):
		return 1
	case now.Before(start):
		return 0
	}
	return float64(now.Sub(start)) / float64(total)
}

// At returns every indicator of the process at unit u.
func (c *Computer) At(u models.Unit) []Figure {
	out := make([]Figure, 0, len(c.in.Def.Indicators))
	sums := c.in.Sums[u.ID]
	for _, ind := range c.in.Def.Indicators {
		f := Figure{Indicator: ind.Key, Title: ind.Title, Unit: ind.Unit, Rollup: ind.Rollup}
		switch ind.Rollup {
		case models.RollupRatio:
			num, okN := sums[ind.Numerator]
			den, okD := sums[ind.Denominator]
			if okN && okD && den > 0 {
				v := 100 * num / den
				f.Actual = &v
			}
			f.Target = c.ratioTarget(u, ind.Key)
		default:
			if v, ok := sums[ind.Key]; ok {
				f.Actual = &v
			}
			f.Target = c.sumTarget(u, ind.Key)
		}
		if f.Target != nil && *f.Target > 0 {
			actual := 0.0
			if f.Actual != nil {
				actual = *f.Actual
			}
			p := 100 * actual / *f.Target
			f.Percent = &p
			if ind.Rollup == models.RollupRatio {
				f.Lagging = f.Actual != nil && actual < *f.Target
			} else {
				f.Lagging = actual < *f.Target*c.pace
			}
		}
		out = append(out, f)
	}
	return out
}

// sumTarget is a unit's own target, else the sum of its participants'
// (each its own or the default); nil when none of them has one.
func (c *Computer) sumTarget(u models.Unit, ind string) *float64 {
	if v, ok := c.explicit[u.ID][ind]; ok {
		return &v
	}
	total, any := 0.0, false
	for _, p := range c.in.Participants {
		if !models.PathContains(u.Path, p.Path) {
			continue
		}
		if v, ok := c.explicit[p.ID][ind]; ok {
			total, any = total+v, true
		} else if v, ok := c.defaults[ind]; ok {
			total, any = total+v, true
		}
	}
	if !any {
		return nil
	}
	return &total
}

// ratioTarget is the unit's own target, else the nearest ancestor's in
// the process, else the default: a coverage target is a share, not summed.
func (c *Computer) ratioTarget(u models.Unit, ind string) *float64 {
	ids := models.PathIDs(u.Path)
	for i := len(ids) - 1; i >= 0; i-- {
		if v, ok := c.explicit[ids[i]][ind]; ok {
			return &v
		}
	}
	if v, ok := c.defaults[ind]; ok {
		return &v
	}
	return nil
}
