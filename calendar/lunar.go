package calendar

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// The Vietnamese lunisolar calendar (âm lịch), as described by Hồ Ngọc Đức:
//
//  1. A month begins on the local day that contains a new moon.
//  2. Month 11 is the month that contains the winter solstice (the sun at 270°).
//  3. When 13 months start between one month 11 and the next, the year has a
//     leap month: the first month after month 11 that contains no major
//     solar term. It repeats the number of the month before it.
//
// "Local" is UTC+7 for Vietnam. The same rules at UTC+8 give the Chinese
// calendar, which is why the two sometimes differ (Tết 1985, Tết 2007).

// vietnamTZ is the UTC offset, in hours, of the Vietnamese lunar calendar.
const vietnamTZ = 7

// MinYear and MaxYear bound the lunar years this package converts: the
// range over which the ΔT model and the series above are trusted, and far
// more than deadlines need.
const (
	MinYear = 1800
	MaxYear = 2199
)

// ErrInvalidLunarDate is wrapped by every conversion error about a lunar
// date that does not exist or lies out of range.
var ErrInvalidLunarDate = errors.New("invalid lunar date")

// LunarDate is a date of the Vietnamese lunar calendar. Leap marks the
// repeated (leap) month, e.g. month 2 leap of 2023.
type LunarDate struct {
	Day   int  `json:"day"`
	Month int  `json:"month"`
	Year  int  `json:"year"`
	Leap  bool `json:"leap"`
}

// LunarToSolar returns the Gregorian date of a Vietnamese lunar date, as
// midnight in Vietnam's zone. It fails, wrapping ErrInvalidLunarDate, for a
// month outside 1–12, a day beyond the month's 29 or 30 days, a leap flag on
// a month that is not that year's leap month, or a year outside
// MinYear–MaxYear.
func LunarToSolar(day, month, year int, leap bool) (time.Time, error) {
	d, err := lunarToDate(LunarDate{Day: day, Month: month, Year: year, Leap: leap}, vietnamTZ)
	if err != nil {
		return time.Time{}, err
	}
	return d.Time(zone), nil
}

// SolarToLunar returns the Vietnamese lunar date of t's civil date in
// Vietnam's zone. It fails only for dates outside MinYear–MaxYear.
func SolarToLunar(t time.Time) (LunarDate, error) {
	return dateToLunar(DateOf(t.In(zone)), vietnamTZ)
}

// monthIndex returns k, the number of the new moon that starts the lunar
// month containing day jdn.
func monthIndex(jdn int, tz float64) int {
	k := int(math.Floor((float64(jdn) - newMoonEpoch) / synodicMonth))
	for newMoonDay(k+1, tz) <= jdn {
		k++
	}
	for newMoonDay(k, tz) > jdn {
		k--
	}
	return k
}

// month11 returns the index of the lunar month 11 that contains the
// winter solstice of Gregorian year gy. The month holding 31 December
// starts between 2 and 31 December; if the sun has already passed 270° on
// its first day, the solstice fell in the month before.
func month11(gy int, tz float64) int {
	k := monthIndex(Date{gy, time.December, 31}.jdn(), tz)
	if termSector(newMoonDay(k, tz), tz) >= 9 {
		k--
	}
	return k
}

// leapOffset returns the offset from month 11 (index a11) of the leap
// month in a 13-month cycle: the first month after month 11 without a
// major solar term. It returns 0 if none is found, which cannot happen in a
// true 13-month cycle.
func leapOffset(a11 int, tz float64) int {
	for i := 1; i <= 12; i++ {
		if termSector(newMoonDay(a11+i, tz), tz) == termSector(newMoonDay(a11+i+1, tz), tz) {
			return i
		}
	}
	return 0
}

// monthAtOffset numbers the month at offset j from month 11, counting no
// leap month: 0 → 11, 1 → 12, 2 → 1, … 11 → 10.
func monthAtOffset(j int) int { return (j+10)%12 + 1 }

// cycleLeap returns the leap offset of the cycle starting at month 11 a11
// and ending before b11, or 0 if the cycle has 12 months.
func cycleLeap(a11, b11 int, tz float64) int {
	if b11-a11 == 13 {
		return leapOffset(a11, tz)
	}
	return 0
}

func lunarToDate(l LunarDate, tz float64) (Date, error) {
	if l.Year < MinYear || l.Year > MaxYear {
		return Date{}, fmt.Errorf("calendar: lunar year %d outside %d–%d: %w", l.Year, MinYear, MaxYear, ErrInvalidLunarDate)
	}
	if l.Month < 1 || l.Month > 12 {
		return Date{}, fmt.Errorf("calendar: lunar month %d: %w", l.Month, ErrInvalidLunarDate)
	}
	if l.Day < 1 || l.Day > 30 {
		return Date{}, fmt.Errorf("calendar: lunar day %d: %w", l.Day, ErrInvalidLunarDate)
	}
	// Months 1–10 of lunar year Y lie in the cycle from month 11 of
	// Gregorian Y−1; months 11 and 12 start the cycle from month 11 of Y.
	cy := l.Year - 1
	if l.Month >= 11 {
		cy = l.Year
	}
	a11 := month11(cy, tz)
	lo := cycleLeap(a11, month11(cy+1, tz), tz)
	off := (l.Month + 1) % 12 // 11 → 0, 12 → 1, 1 → 2, … 10 → 11
	switch {
	case l.Leap:
		if lo == 0 || monthAtOffset(lo-1) != l.Month {
			return Date{}, fmt.Errorf("calendar: month %d of lunar year %d is not a leap month: %w", l.Month, l.Year, ErrInvalidLunarDate)
		}
		off = lo
	case lo != 0 && off >= lo:
		off++
	}
	start := newMoonDay(a11+off, tz)
	length := newMoonDay(a11+off+1, tz) - start
	if l.Day > length {
		return Date{}, fmt.Errorf("calendar: lunar %d/%d/%d: the month has %d days: %w", l.Day, l.Month, l.Year, length, ErrInvalidLunarDate)
	}
	return dateFromJDN(start + l.Day - 1), nil
}

func dateToLunar(d Date, tz float64) (LunarDate, error) {
	// One year of margin on each side keeps month11 within the trusted range.
	if d.Year < MinYear || d.Year > MaxYear {
		return LunarDate{}, fmt.Errorf("calendar: date %s outside %d–%d: %w", d, MinYear, MaxYear, ErrInvalidLunarDate)
	}
	jdn := d.jdn()
	k := monthIndex(jdn, tz)
	a11, b11, cy := month11(d.Year, tz), 0, d.Year
	if k >= a11 {
		b11 = month11(d.Year+1, tz)
	} else {
		a11, b11, cy = month11(d.Year-1, tz), a11, d.Year-1
	}
	j := k - a11
	leap := false
	if lo := cycleLeap(a11, b11, tz); lo != 0 && j >= lo {
		leap = j == lo
		j--
	}
	year := cy
	if j >= 2 {
		year = cy + 1
	}
	return LunarDate{Day: jdn - newMoonDay(k, tz) + 1, Month: monthAtOffset(j), Year: year, Leap: leap}, nil
}
