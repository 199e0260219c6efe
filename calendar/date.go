package calendar

import (
	"fmt"
	"time"
	_ "time/tzdata" // embed the zone database so Asia/Ho_Chi_Minh always loads
)

// zone is Vietnam's civil time zone. Deadlines are days in Vietnam, whatever
// the server's own zone, so every conversion goes through it. It is set once
// at start-up and never changed.
var zone = loadZone()

// loadZone loads Asia/Ho_Chi_Minh. With time/tzdata embedded the fallback
// should never run, but a fixed UTC+7 is exactly right since 1975 anyway.
func loadZone() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}

// Location returns Vietnam's time zone, the one every Calendar method uses.
func Location() *time.Location { return zone }

// Date is a civil date with no time or zone: a holiday is a day on the wall
// calendar, not an instant. Its text form is "2006-01-02", so it reads and
// writes the same way as models.CalendarDay.Date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in t's own location. Calendar methods
// convert to Vietnam's zone first; call DateOf(t.In(Location())) to match.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate reads "2006-01-02" and rejects dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: parse date %q: %w", s, err)
	}
	return DateOf(t), nil
}

// String formats the date as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText makes a Date a "2006-01-02" string in JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a "2006-01-02" string.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns the start of the day (00:00) in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.Time(time.UTC).Weekday() }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.jdn() < o.jdn() }

// isWeekend reports Saturday or Sunday, the weekly days off of public
// agencies (the 40-hour week of Decision 188/1999/QĐ-TTg), which dsflow's
// units are.
func (d Date) isWeekend() bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// unixEpochJDN is the Julian day number of 1970-01-01.
const unixEpochJDN = 2440588

// jdn returns the Julian day number: the count the astronomy works in.
func (d Date) jdn() int {
	return int(d.Time(time.UTC).Unix()/86400) + unixEpochJDN
}

// dateFromJDN is the inverse of Date.jdn.
func dateFromJDN(jdn int) Date {
	return DateOf(time.Unix(int64(jdn-unixEpochJDN)*86400, 0).UTC())
}
