package calendar

import (
	"slices"
	"testing"
	"time"

	"dsflow/models"
)

// at returns the given wall time in Vietnam.
func at(y int, m time.Month, day, hour int) time.Time {
	return time.Date(y, m, day, hour, 0, 0, 0, Location())
}

// dueEnd is the deadline instant of a date: 23:59:59 in Vietnam.
func dueEnd(y int, m time.Month, day int) time.Time {
	return time.Date(y, m, day, 23, 59, 59, 0, Location())
}

func TestIsWorkingDayOfficialSchedules(t *testing.T) {
	c := New(nil)
	off := []Date{
		// 2024
		ymd(2024, 1, 1),
		ymd(2024, 2, 8), ymd(2024, 2, 9), ymd(2024, 2, 12), ymd(2024, 2, 13), ymd(2024, 2, 14),
		ymd(2024, 4, 18), ymd(2024, 4, 29), ymd(2024, 4, 30), ymd(2024, 5, 1),
		ymd(2024, 9, 2), ymd(2024, 9, 3),
		// 2025
		ymd(2025, 1, 1),
		ymd(2025, 1, 27), ymd(2025, 1, 28), ymd(2025, 1, 29), ymd(2025, 1, 30), ymd(2025, 1, 31),
		ymd(2025, 4, 7), ymd(2025, 4, 30), ymd(2025, 5, 1), ymd(2025, 5, 2),
		ymd(2025, 9, 1), ymd(2025, 9, 2),
		// 2026
		ymd(2026, 1, 1),
		ymd(2026, 2, 16), ymd(2026, 2, 17), ymd(2026, 2, 18), ymd(2026, 2, 19), ymd(2026, 2, 20),
		ymd(2026, 4, 27), ymd(2026, 4, 30), ymd(2026, 5, 1),
		ymd(2026, 9, 1), ymd(2026, 9, 2),
		// ordinary weekends
		ymd(2024, 3, 9), ymd(2024, 3, 10), ymd(2025, 6, 14), ymd(2026, 10, 18),
	}
	work := []Date{
		// swapped Saturdays
		ymd(2024, 5, 4), ymd(2025, 4, 26),
		// the days right around each break
		ymd(2024, 2, 7), ymd(2024, 2, 15), ymd(2024, 4, 26), ymd(2024, 5, 2), ymd(2024, 8, 30), ymd(2024, 9, 4),
		ymd(2025, 1, 2), ymd(2025, 1, 24), ymd(2025, 2, 3), ymd(2025, 4, 29), ymd(2025, 5, 5), ymd(2025, 9, 3),
		ymd(2026, 1, 2), ymd(2026, 2, 13), ymd(2026, 2, 23), ymd(2026, 4, 28), ymd(2026, 4, 29), ymd(2026, 8, 31), ymd(2026, 9, 3),
		// ordinary weekdays
		ymd(2024, 3, 11), ymd(2025, 6, 13), ymd(2026, 10, 19),
	}
	for _, x := range off {
		// Noon and 00:30 in Vietnam; 00:30 is still the previous day in UTC.
		for _, h := range []int{12, 0} {
			if tm := x.Time(Location()).Add(time.Duration(h)*time.Hour + 30*time.Minute); c.IsWorkingDay(tm) {
				t.Errorf("IsWorkingDay(%v) = true, want false (day off)", tm)
			}
		}
	}
	for _, x := range work {
		if tm := x.Time(Location()).Add(30 * time.Minute); !c.IsWorkingDay(tm) {
			t.Errorf("IsWorkingDay(%v) = false, want true", tm)
		}
		// The same instant seen from UTC is still that day in Vietnam.
		if tm := x.Time(Location()).Add(30 * time.Minute).UTC(); !c.IsWorkingDay(tm) {
			t.Errorf("IsWorkingDay(%v) = false, want true (UTC input)", tm)
		}
	}
}

// TestWorkingDaysPerMonth counts each working day of a month, so a day
// wrongly added or dropped anywhere in a schedule shows.
func TestWorkingDaysPerMonth(t *testing.T) {
	c := New(nil)
	tests := []struct {
		year  int
		month time.Month
		want  int
	}{
		{2024, time.February, 16}, // 21 weekdays − 8, 9, 12, 13, 14
		{2024, time.April, 19},    // 22 weekdays − 18, 29, 30
		{2024, time.May, 23},      // 23 weekdays − 1 + Saturday 4
		{2024, time.September, 19},
		{2025, time.January, 17}, // 23 weekdays − 1, 27–31
		{2025, time.February, 20},
		{2025, time.April, 21}, // 22 weekdays − 7, 30 + Saturday 26
		{2025, time.May, 20},   // 22 weekdays − 1, 2
		{2026, time.February, 15},
		{2026, time.April, 20}, // 22 weekdays − 27, 30
	}
	for _, tt := range tests {
		n := 0
		for x := ymd(tt.year, tt.month, 1); x.Month == tt.month; x = x.AddDays(1) {
			if c.IsWorkingDay(x.Time(Location())) {
				n++
			}
		}
		if n != tt.want {
			t.Errorf("%d-%02d: %d working days, want %d", tt.year, tt.month, n, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := New(nil)
	tests := []struct {
		name string
		from time.Time
		n    int
		want time.Time
	}{
		{"5 after Fri 7/2/2024 skips Tết 8–14/2", at(2024, 2, 7, 10), 5, dueEnd(2024, 2, 21)},
		{"1 after the last day before Tết 2025", at(2025, 1, 24, 16), 1, dueEnd(2025, 2, 3)},
		{"1 after the last day before Tết 2026", at(2026, 2, 13, 9), 1, dueEnd(2026, 2, 23)},
		{"swapped Saturday 26/4/2025 counts", at(2025, 4, 25, 9), 1, dueEnd(2025, 4, 26)},
		{"3 after Fri 25/4/2025: Sat 26, Mon 28, Tue 29", at(2025, 4, 25, 9), 3, dueEnd(2025, 4, 29)},
		{"4 after Fri 25/4/2025 skips 30/4–4/5", at(2025, 4, 25, 9), 4, dueEnd(2025, 5, 5)},
		{"3 after Fri 26/4/2024 reach swapped Saturday 4/5", at(2024, 4, 26, 9), 3, dueEnd(2024, 5, 4)},
		{"compensatory Monday 27/4/2026 skipped", at(2026, 4, 24, 9), 1, dueEnd(2026, 4, 28)},
		{"plain weekend", at(2024, 3, 8, 9), 1, dueEnd(2024, 3, 11)},
		{"10 plain days", at(2024, 3, 1, 9), 10, dueEnd(2024, 3, 15)},
		{"0 on a working day is its end", at(2024, 3, 8, 9), 0, dueEnd(2024, 3, 8)},
		{"0 on Tết is the next working day", at(2024, 2, 10, 9), 0, dueEnd(2024, 2, 15)},
		{"0 on a Sunday", at(2024, 3, 10, 9), 0, dueEnd(2024, 3, 11)},
		{"negative counts back over Tết", at(2024, 2, 15, 9), -1, dueEnd(2024, 2, 7)},
		// 17:30 UTC on 7/2 is 00:30 on 8/2 in Hà Nội: the count starts from 8/2.
		{"from is read in Vietnam's zone", time.Date(2024, 2, 7, 17, 30, 0, 0, time.UTC), 1, dueEnd(2024, 2, 15)},
		{"across the new year", at(2025, 12, 31, 9), 1, dueEnd(2026, 1, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // also exercises the year cache under -race
			if got := c.AddWorkingDays(tt.from, tt.n); !got.Equal(tt.want) {
				t.Errorf("AddWorkingDays(%v, %d) = %v, want %v", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestAddDays(t *testing.T) {
	c := New(nil)
	if got, want := c.AddDays(at(2024, 2, 7, 10), 5), dueEnd(2024, 2, 12); !got.Equal(want) {
		t.Errorf("AddDays(7/2, 5) = %v, want %v (holidays count)", got, want)
	}
	if got, want := c.AddDays(at(2024, 2, 28, 10), 2), dueEnd(2024, 3, 1); !got.Equal(want) {
		t.Errorf("AddDays(28/2/2024, 2) = %v, want %v (leap year)", got, want)
	}
	if got, want := c.AddDays(time.Date(2024, 2, 7, 17, 30, 0, 0, time.UTC), 0), dueEnd(2024, 2, 8); !got.Equal(want) {
		t.Errorf("AddDays(UTC evening, 0) = %v, want %v", got, want)
	}
}

func TestOverrides(t *testing.T) {
	c := New([]Day{
		// The admin moves 2026's day next to 2/9 from 1/9 to 3/9.
		{Date: ymd(2026, 9, 1), Kind: KindWorkday},
		{Date: ymd(2026, 9, 3), Kind: KindHoliday, NameVi: viNational, NameEn: enNational},
		// A new day off in a default year, and a Saturday worked.
		{Date: ymd(2030, 3, 8), Kind: KindHoliday, NameVi: "Nghỉ", NameEn: "Day off"},
		{Date: ymd(2030, 3, 9), Kind: KindWorkday},
		// An override restating the computed kind keeps the names.
		{Date: ymd(2026, 1, 1), Kind: KindHoliday},
		// Invalid: ignored.
		{Date: ymd(2030, 3, 11), Kind: "off"},
	})
	for x, want := range map[Date]bool{
		ymd(2026, 9, 1): true, ymd(2026, 9, 2): false, ymd(2026, 9, 3): false,
		ymd(2030, 3, 8): false, ymd(2030, 3, 9): true, ymd(2030, 3, 11): true,
	} {
		if got := c.IsWorkingDay(x.Time(Location())); got != want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", x, got, want)
		}
	}
	if got, want := c.AddWorkingDays(at(2026, 8, 31, 9), 2), dueEnd(2026, 9, 4); !got.Equal(want) {
		t.Errorf("AddWorkingDays over the moved holiday = %v, want %v", got, want)
	}

	h := c.Holidays(2026)
	i := slices.IndexFunc(h, func(x Day) bool { return x.Date == ymd(2026, 9, 1) })
	if i < 0 || h[i].Kind != KindWorkday {
		t.Errorf("Holidays(2026) lacks the 1/9 workday override: %v", h)
	}
	if i := slices.IndexFunc(h, func(x Day) bool { return x.Date == ymd(2026, 1, 1) }); i < 0 || h[i].NameVi != viNewYear {
		t.Errorf("Holidays(2026): 1/1 lost its name: %v", h)
	}
	if got := dates(h, KindHoliday); !slices.Contains(got, ymd(2026, 9, 3)) || slices.Contains(got, ymd(2026, 9, 1)) {
		t.Errorf("Holidays(2026) holidays = %v", got)
	}
	if !slices.IsSortedFunc(h, func(a, b Day) int { return a.Date.jdn() - b.Date.jdn() }) {
		t.Errorf("Holidays(2026) not sorted: %v", h)
	}
}

func TestHolidaysUsesOfficialScheduleElseDefaults(t *testing.T) {
	c := New(nil)
	official2025, ok := OfficialSchedule(2025)
	if !ok || !slices.Equal(c.Holidays(2025), official2025) {
		t.Errorf("Holidays(2025) is not the official schedule")
	}
	if got := dates(c.Holidays(2025), KindWorkday); !slices.Equal(got, []Date{ymd(2025, 4, 26)}) {
		t.Errorf("2025 swapped working days = %v, want [2025-04-26]", got)
	}
	if _, ok := OfficialSchedule(2027); ok {
		t.Fatal("2027 has an official schedule; update this test")
	}
	if !slices.Equal(c.Holidays(2027), DefaultHolidays(2027)) {
		t.Errorf("Holidays(2027) is not the default")
	}
}

// TestOfficial2026MatchesDefaultRules: 2026's breaks fall so that the
// schedule and the Labour Code defaults give the same working days — a
// check on both.
func TestOfficial2026MatchesDefaultRules(t *testing.T) {
	official, _ := OfficialSchedule(2026)
	working := func(days []Day, x Date) bool {
		if i := slices.IndexFunc(days, func(y Day) bool { return y.Date == x }); i >= 0 {
			return days[i].Kind == KindWorkday
		}
		return !x.isWeekend()
	}
	def := DefaultHolidays(2026)
	for x := ymd(2026, 1, 1); x.Year == 2026; x = x.AddDays(1) {
		if working(official, x) != working(def, x) {
			t.Errorf("%s: official working=%v, default working=%v", x, working(official, x), working(def, x))
		}
	}
}

func TestDaysFromModels(t *testing.T) {
	got, err := DaysFromModels([]models.CalendarDay{{Date: "2026-09-03", Year: 2026, Kind: "holiday", NameVi: "Quốc khánh"}})
	if err != nil || len(got) != 1 || got[0].Date != ymd(2026, 9, 3) || got[0].Kind != KindHoliday {
		t.Errorf("DaysFromModels = %+v, %v", got, err)
	}
	for _, bad := range []models.CalendarDay{{Date: "2026-13-01", Kind: "holiday"}, {Date: "2026-09-03", Kind: "x"}} {
		if _, err := DaysFromModels([]models.CalendarDay{bad}); err == nil {
			t.Errorf("DaysFromModels(%+v) succeeded", bad)
		}
	}
}
