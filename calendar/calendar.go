// Package calendar is Vietnam's working-day calendar: which days public
// agencies work, and deadlines counted in working or calendar days.
//
// A year's days off come from its official schedule when one is encoded
// (OfficialSchedule), else from the Labour Code defaults (DefaultHolidays,
// computed with the Vietnamese lunar calendar); admin overrides from the
// database replace either, date by date. Everything is pure computation in
// Vietnam's time zone, so activities and API handlers give the same answer.
package calendar

import (
	"slices"
	"sync"
	"time"

	"dsflow/models"
)

// Calendar answers working-day questions for any year. It is safe for
// concurrent use. It caches each year's computed days; the cache never
// changes an answer, so a Calendar stays a pure function of its overrides.
// Build a new Calendar when the overrides change.
type Calendar struct {
	overrides map[Date]Day

	mu    sync.Mutex
	years map[int]map[Date]Day
}

// New builds a calendar from admin overrides: each one replaces the
// computed kind of its date. Entries that fail Day.Validate are ignored
// (the API validates before storing); of two entries for one date the last
// wins.
func New(overrides []Day) *Calendar {
	c := &Calendar{overrides: make(map[Date]Day, len(overrides)), years: make(map[int]map[Date]Day)}
	for _, o := range overrides {
		if o.Validate() == nil {
			c.overrides[o.Date] = o
		}
	}
	return c
}

// DaysFromModels converts the stored override rows to Days, failing on the
// first row with a bad date or kind so a corrupt row is seen, not skipped.
func DaysFromModels(rows []models.CalendarDay) ([]Day, error) {
	days := make([]Day, 0, len(rows))
	for _, r := range rows {
		date, err := ParseDate(r.Date)
		if err != nil {
			return nil, err
		}
		day := Day{Date: date, Kind: r.Kind, NameVi: r.NameVi, NameEn: r.NameEn}
		if err := day.Validate(); err != nil {
			return nil, err
		}
		days = append(days, day)
	}
	return days, nil
}

// base returns year's computed days by date: the official schedule, or the
// defaults when there is none.
func (c *Calendar) base(year int) map[Date]Day {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.years[year]; ok {
		return m
	}
	days, ok := OfficialSchedule(year)
	if !ok {
		days = DefaultHolidays(year)
	}
	m := make(map[Date]Day, len(days))
	for _, d := range days {
		m[d.Date] = d
	}
	c.years[year] = m
	return m
}

// isWorking decides one civil date: an override, else the computed
// schedule, else Monday to Friday.
func (c *Calendar) isWorking(d Date) bool {
	if o, ok := c.overrides[d]; ok {
		return o.Kind == KindWorkday
	}
	if b, ok := c.base(d.Year)[d]; ok {
		return b.Kind == KindWorkday
	}
	return !d.isWeekend()
}

// IsWorkingDay reports whether public agencies work on the day of t in
// Vietnam's zone: Monday to Friday unless a holiday, Saturday or Sunday
// only when listed as a swapped working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	return c.isWorking(DateOf(t.In(zone)))
}

// endOfDay is when a deadline on date d expires: 23:59:59 in Vietnam. A
// task due "within N days" may be done at any hour of day N, and the
// office-hours cut-off varies between agencies, so the day's end is the
// only boundary that never cuts a lawful submission short.
func endOfDay(d Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 23, 59, 59, 0, zone)
}

// AddWorkingDays returns the end (23:59:59 in Vietnam) of the n-th working
// day after the day of from; days off are skipped and from's own day is
// not counted, so 1 means the next working day. n = 0 gives the end of
// from's day if it is a working day, else of the next working day. A
// negative n counts back: the end of the |n|-th working day before from.
func (c *Calendar) AddWorkingDays(from time.Time, n int) time.Time {
	d := DateOf(from.In(zone))
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	if n == 0 {
		for !c.isWorking(d) {
			d = d.AddDays(1)
		}
		return endOfDay(d)
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.isWorking(d) {
			n--
		}
	}
	return endOfDay(d)
}

// AddDays returns the end (23:59:59 in Vietnam) of the day n calendar days
// after the day of from, holidays included; n may be 0 or negative.
func (c *Calendar) AddDays(from time.Time, n int) time.Time {
	return endOfDay(DateOf(from.In(zone)).AddDays(n))
}

// Holidays lists the effective days off and swapped working days of year,
// sorted by date: the official schedule or the defaults, with the admin
// overrides applied. A holiday on a weekend is listed too. An override
// without names keeps the computed names when it keeps the computed kind.
// For GET /api/v1/calendar/{year}.
func (c *Calendar) Holidays(year int) []Day {
	base := c.base(year)
	byDate := make(map[Date]Day, len(base))
	for k, v := range base {
		byDate[k] = v
	}
	for k, o := range c.overrides {
		if k.Year != year {
			continue
		}
		if b, ok := byDate[k]; ok && o.Kind == b.Kind && o.NameVi == "" && o.NameEn == "" {
			o.NameVi, o.NameEn = b.NameVi, b.NameEn
		}
		byDate[k] = o
	}
	days := make([]Day, 0, len(byDate))
	for _, v := range byDate {
		days = append(days, v)
	}
	sortDays(days)
	return slices.Clip(days)
}
