package calendar

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Kinds of Day.
const (
	// KindHoliday is a day off: a public holiday, a compensatory day off or
	// a day of an official break, whatever its weekday.
	KindHoliday = "holiday"
	// KindWorkday is a working day, even on a Saturday or Sunday: the
	// swapped working day the government sets in exchange for a bridge day.
	KindWorkday = "workday"
)

// Day is one entry of a calendar: a holiday or a swapped working day, with
// a name in Vietnamese and English. Its JSON matches models.CalendarDay.
type Day struct {
	Date   Date   `json:"date"`
	Kind   string `json:"kind"`
	NameVi string `json:"name_vi,omitempty"`
	NameEn string `json:"name_en,omitempty"`
}

// ErrInvalidDay is wrapped by Day.Validate errors.
var ErrInvalidDay = errors.New("invalid calendar day")

// Validate checks what an admin may store: a real date and a known kind.
// New ignores entries that fail it, so validate before storing.
func (d Day) Validate() error {
	if _, err := ParseDate(d.Date.String()); err != nil || d.Date.IsZero() {
		return fmt.Errorf("calendar: date %s: %w", d.Date, ErrInvalidDay)
	}
	if d.Kind != KindHoliday && d.Kind != KindWorkday {
		return fmt.Errorf("calendar: kind %q on %s: %w", d.Kind, d.Date, ErrInvalidDay)
	}
	return nil
}

// Holiday names, Vietnamese first, as the Labour Code names them.
const (
	viNewYear   = "Tết Dương lịch"
	enNewYear   = "New Year's Day"
	viTet       = "Tết Nguyên Đán"
	enTet       = "Lunar New Year"
	viHungKings = "Giỗ Tổ Hùng Vương"
	enHungKings = "Hùng Kings' Commemoration Day"
	viVictory   = "Ngày Chiến thắng"
	enVictory   = "Reunification Day"
	viLabour    = "Ngày Quốc tế Lao động"
	enLabour    = "International Labour Day"
	viNational  = "Quốc khánh"
	enNational  = "National Day"
)

// DefaultHolidays computes the public holidays of Gregorian year year by
// the Labour Code 2019 (Law 45/2019/QH14), for years with no official
// schedule. It applies:
//
//   - Art. 112(1): New Year 1/1; Tết, 5 days; Hùng Kings 10/3 lunar; 30/4;
//     1/5; National Day 2/9 plus one day before or after. 11 days in all.
//   - Art. 112(3): the Prime Minister picks the Tết days and the day next to
//     2/9 each year. The default Tết is the last day of the old lunar year
//     plus days 1–4 of the new one (Tết eve, when families gather, off);
//     the official schedules often start a day earlier to bridge a
//     weekend, which is why they override it. The default day next to 2/9 is 3/9 when 2/9 is a Thursday
//     (a 4-day weekend), otherwise 1/9; this reproduces the effective days
//     off of 2021–2025.
//   - Art. 111(3): a holiday on a weekly day off (Saturday or Sunday for
//     public agencies) gives a compensatory day off on the next working day.
//
// Day-off swaps (a Saturday worked to bridge a gap) are decided yearly and
// are never computed; see OfficialSchedule. The result is sorted by date,
// lists each holiday even on a weekend, and is nil outside MinYear–MaxYear.
// The 2019 rules are applied to every year, so dates before 2021 are not the
// historical ones. Should two holidays share a date (10/3 lunar can fall on
// 30/4 in a year with an early leap month), the day carries both names and
// counts once.
func DefaultHolidays(year int) []Day {
	if year < MinYear || year > MaxYear {
		return nil
	}
	var days []Day
	add := func(d Date, vi, en string) {
		if i := slices.IndexFunc(days, func(x Day) bool { return x.Date == d }); i >= 0 {
			days[i].NameVi += "; " + vi
			days[i].NameEn += "; " + en
			return
		}
		days = append(days, Day{Date: d, Kind: KindHoliday, NameVi: vi, NameEn: en})
	}
	add(Date{year, time.January, 1}, viNewYear, enNewYear)
	if tet, err := lunarToDate(LunarDate{Day: 1, Month: 1, Year: year}, vietnamTZ); err == nil {
		for i := -1; i <= 3; i++ {
			add(tet.AddDays(i), viTet, enTet)
		}
	}
	if hung, err := lunarToDate(LunarDate{Day: 10, Month: 3, Year: year}, vietnamTZ); err == nil {
		add(hung, viHungKings, enHungKings)
	}
	add(Date{year, time.April, 30}, viVictory, enVictory)
	add(Date{year, time.May, 1}, viLabour, enLabour)
	national := Date{year, time.September, 2}
	if national.Weekday() == time.Thursday {
		add(national, viNational, enNational)
		add(national.AddDays(1), viNational, enNational)
	} else {
		add(national.AddDays(-1), viNational, enNational)
		add(national, viNational, enNational)
	}
	sortDays(days)
	return withCompensation(days)
}

// withCompensation adds, for each holiday on a Saturday or Sunday, a
// compensatory day off on the next weekday that is not already off
// (Art. 111(3)). days must be sorted; the result is sorted.
func withCompensation(days []Day) []Day {
	off := make(map[Date]bool, len(days))
	for _, d := range days {
		off[d.Date] = true
	}
	out := slices.Clone(days)
	for _, h := range days {
		if !h.Date.isWeekend() {
			continue
		}
		c := h.Date.AddDays(1)
		for c.isWeekend() || off[c] {
			c = c.AddDays(1)
		}
		off[c] = true
		out = append(out, compensatory(c, h))
	}
	sortDays(out)
	return out
}

// compensatory names the day off given in exchange for holiday h.
func compensatory(d Date, h Day) Day {
	return Day{
		Date:   d,
		Kind:   KindHoliday,
		NameVi: "Nghỉ bù " + h.NameVi,
		NameEn: h.NameEn + " (compensatory day off)",
	}
}

func sortDays(days []Day) {
	slices.SortStableFunc(days, func(a, b Day) int { return a.Date.jdn() - b.Date.jdn() })
}
