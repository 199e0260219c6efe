package calendar

import "time"

// The official schedules. Each year the Prime Minister fixes the Tết days
// and the day next to 2/9 (Labour Code 2019, Art. 112(3)), and the ministry
// in charge of labour (MOLISA until 2025, the Ministry of Home Affairs
// since) announces the days off of public agencies, sometimes swapping a
// weekday off for a Saturday worked. Only what is well established is
// encoded here; anything else falls back to DefaultHolidays, and an admin
// override (a CalendarDay row) corrects any day without a release.

// Names of the two sides of a swap.
const (
	viSwapOff = "Nghỉ hoán đổi"
	enSwapOff = "Swapped day off"
	viSwap    = "Làm bù"
	enSwap    = "Swapped working day"
)

// span is a run of consecutive days of one kind and name.
type span struct {
	from, to Date
	kind     string
	vi, en   string
}

func ymd(y int, m time.Month, day int) Date { return Date{Year: y, Month: m, Day: day} }

// one is a span of a single day.
func one(date Date, kind, vi, en string) span { return span{date, date, kind, vi, en} }

// official holds the announced schedules, keyed by year. Weekend days
// inside a break are listed too, so the break reads as one block.
var official = map[int][]span{
	// 2024, MOLISA notice on the 2024 holidays of public agencies.
	2024: {
		one(ymd(2024, time.January, 1), KindHoliday, viNewYear, enNewYear),
		// Tết Giáp Thìn: 7 days, Thu 8/2 (29 Chạp) to Wed 14/2 (5 Giêng).
		{ymd(2024, time.February, 8), ymd(2024, time.February, 14), KindHoliday, viTet, enTet},
		one(ymd(2024, time.April, 18), KindHoliday, viHungKings, enHungKings),
		// 27/4–1/5: Mon 29/4 taken off in exchange for Saturday 4/5 worked.
		{ymd(2024, time.April, 27), ymd(2024, time.April, 28), KindHoliday, viVictory, enVictory},
		one(ymd(2024, time.April, 29), KindHoliday, viSwapOff+" (làm bù thứ Bảy 4/5)", enSwapOff+" (worked on Saturday 4 May)"),
		one(ymd(2024, time.April, 30), KindHoliday, viVictory, enVictory),
		one(ymd(2024, time.May, 1), KindHoliday, viLabour, enLabour),
		one(ymd(2024, time.May, 4), KindWorkday, viSwap+" (cho ngày 29/4)", enSwap+" (for 29 April)"),
		// National Day: Mon 2/9 and Tue 3/9, with the weekend 31/8–1/9.
		{ymd(2024, time.August, 31), ymd(2024, time.September, 3), KindHoliday, viNational, enNational},
	},
	// 2025, MOLISA notice; Tết of 9 days as approved by the Prime Minister;
	// the 30/4 swap as approved by the Prime Minister in 2025.
	2025: {
		one(ymd(2025, time.January, 1), KindHoliday, viNewYear, enNewYear),
		// Tết Ất Tỵ: Sat 25/1 (26 Chạp) to Sun 2/2 (5 Giêng); the five
		// weekdays 27–31/1 are the five Tết days, so no swap.
		{ymd(2025, time.January, 25), ymd(2025, time.February, 2), KindHoliday, viTet, enTet},
		one(ymd(2025, time.April, 7), KindHoliday, viHungKings, enHungKings),
		// 30/4–4/5: Fri 2/5 taken off in exchange for Saturday 26/4 worked.
		one(ymd(2025, time.April, 26), KindWorkday, viSwap+" (cho ngày 2/5)", enSwap+" (for 2 May)"),
		one(ymd(2025, time.April, 30), KindHoliday, viVictory, enVictory),
		one(ymd(2025, time.May, 1), KindHoliday, viLabour, enLabour),
		one(ymd(2025, time.May, 2), KindHoliday, viSwapOff+" (làm bù thứ Bảy 26/4)", enSwapOff+" (worked on Saturday 26 April)"),
		{ymd(2025, time.May, 3), ymd(2025, time.May, 4), KindHoliday, viLabour, enLabour},
		// National Day: Mon 1/9 and Tue 2/9, with the weekend 30–31/8.
		{ymd(2025, time.August, 30), ymd(2025, time.September, 2), KindHoliday, viNational, enNational},
	},
	// 2026, Ministry of Home Affairs schedule; Tết of 9 days as approved by
	// the Prime Minister.
	2026: {
		one(ymd(2026, time.January, 1), KindHoliday, viNewYear, enNewYear),
		// Tết Bính Ngọ: Sat 14/2 (27 Chạp) to Sun 22/2 (6 Giêng); the
		// weekdays 16–20/2 are the five Tết days, so no swap.
		{ymd(2026, time.February, 14), ymd(2026, time.February, 22), KindHoliday, viTet, enTet},
		// 10/3 Bính Ngọ is Sunday 26/4: compensatory day off Monday 27/4.
		one(ymd(2026, time.April, 26), KindHoliday, viHungKings, enHungKings),
		one(ymd(2026, time.April, 27), KindHoliday, "Nghỉ bù "+viHungKings, enHungKings+" (compensatory day off)"),
		one(ymd(2026, time.April, 30), KindHoliday, viVictory, enVictory),
		one(ymd(2026, time.May, 1), KindHoliday, viLabour, enLabour),
		// ASSUMPTION: 2/9/2026 is a Wednesday and the adjacent day was not
		// confirmed when this was written; the default rule's 1/9 (Tuesday)
		// stands until an admin override says otherwise.
		{ymd(2026, time.September, 1), ymd(2026, time.September, 2), KindHoliday, viNational, enNational},
	},
}

// OfficialSchedule returns the announced days off and swapped working days
// of year, sorted by date, and whether the year has an encoded schedule.
// When it has, the schedule replaces DefaultHolidays for that year.
func OfficialSchedule(year int) ([]Day, bool) {
	spans, ok := official[year]
	if !ok {
		return nil, false
	}
	var days []Day
	for _, s := range spans {
		for x := s.from; !s.to.Before(x); x = x.AddDays(1) {
			days = append(days, Day{Date: x, Kind: s.kind, NameVi: s.vi, NameEn: s.en})
		}
	}
	sortDays(days)
	return days, true
}
