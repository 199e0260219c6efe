package calendar

import (
	"errors"
	"testing"
	"time"
)

func TestLunarToSolar(t *testing.T) {
	tests := []struct {
		name             string
		day, month, year int
		leap             bool
		want             Date
	}{
		{"Tết 2023", 1, 1, 2023, false, ymd(2023, time.January, 22)},
		{"Tết 2024", 1, 1, 2024, false, ymd(2024, time.February, 10)},
		{"Tết 2025", 1, 1, 2025, false, ymd(2025, time.January, 29)},
		{"Tết 2026", 1, 1, 2026, false, ymd(2026, time.February, 17)},
		{"Tết 2027", 1, 1, 2027, false, ymd(2027, time.February, 6)},
		// Vietnam (UTC+7) and China (UTC+8) disagree: see TestChineseDiffers.
		{"Tết 1985 in Vietnam", 1, 1, 1985, false, ymd(1985, time.January, 21)},
		{"Tết 2007 in Vietnam", 1, 1, 2007, false, ymd(2007, time.February, 17)},
		{"Hùng Kings 2023", 10, 3, 2023, false, ymd(2023, time.April, 29)},
		{"Hùng Kings 2024", 10, 3, 2024, false, ymd(2024, time.April, 18)},
		{"Hùng Kings 2025", 10, 3, 2025, false, ymd(2025, time.April, 7)},
		{"Hùng Kings 2026", 10, 3, 2026, false, ymd(2026, time.April, 26)},
		// 2023 repeats month 2; 2025 repeats month 6.
		{"1/2 of 2023", 1, 2, 2023, false, ymd(2023, time.February, 20)},
		{"1/2 leap of 2023", 1, 2, 2023, true, ymd(2023, time.March, 22)},
		{"1/6 of 2025", 1, 6, 2025, false, ymd(2025, time.June, 25)},
		{"1/6 leap of 2025", 1, 6, 2025, true, ymd(2025, time.July, 25)},
		{"Vu Lan 15/7/2025, after the leap month", 15, 7, 2025, false, ymd(2025, time.September, 6)},
		{"Mid-Autumn 2024", 15, 8, 2024, false, ymd(2024, time.September, 17)},
		{"Mid-Autumn 2025", 15, 8, 2025, false, ymd(2025, time.October, 6)},
		{"30 Tết of Quý Mão", 30, 12, 2023, false, ymd(2024, time.February, 9)},
		{"29 Tết of Giáp Thìn (no 30th)", 29, 12, 2024, false, ymd(2025, time.January, 28)},
		{"1/11 of Giáp Thìn", 1, 11, 2024, false, ymd(2024, time.December, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LunarToSolar(tt.day, tt.month, tt.year, tt.leap)
			if err != nil {
				t.Fatalf("LunarToSolar: %v", err)
			}
			if DateOf(got) != tt.want || got.Location() != Location() || got.Hour() != 0 {
				t.Errorf("LunarToSolar(%d/%d/%d, leap=%v) = %v, want %s 00:00 in Vietnam",
					tt.day, tt.month, tt.year, tt.leap, got, tt.want)
			}
			back, err := SolarToLunar(got)
			if err != nil {
				t.Fatalf("SolarToLunar: %v", err)
			}
			if want := (LunarDate{tt.day, tt.month, tt.year, tt.leap}); back != want {
				t.Errorf("SolarToLunar(%s) = %+v, want %+v", tt.want, back, want)
			}
		})
	}
}

// TestChineseDiffers checks that the zone is what makes Vietnam's calendar:
// the same rules at UTC+8 give China's Spring Festival.
func TestChineseDiffers(t *testing.T) {
	for _, tt := range []struct {
		year       int
		vn, china  Date
		whyDiffers string
	}{
		{1985, ymd(1985, time.January, 21), ymd(1985, time.February, 20), "the winter solstice fell on 21 Dec 1984 in Hà Nội but 22 Dec in Beijing, so month 11 starts a month apart"},
		{2007, ymd(2007, time.February, 17), ymd(2007, time.February, 18), "new moon at 23:14 in Hà Nội, 00:14 in Beijing"},
	} {
		vn, err := lunarToDate(LunarDate{Day: 1, Month: 1, Year: tt.year}, 7)
		if err != nil {
			t.Fatal(err)
		}
		cn, err := lunarToDate(LunarDate{Day: 1, Month: 1, Year: tt.year}, 8)
		if err != nil {
			t.Fatal(err)
		}
		if vn != tt.vn || cn != tt.china {
			t.Errorf("Tết %d: Vietnam %s, China %s; want %s and %s (%s)", tt.year, vn, cn, tt.vn, tt.china, tt.whyDiffers)
		}
	}
}

func TestLunarToSolarInvalid(t *testing.T) {
	tests := []struct {
		name             string
		day, month, year int
		leap             bool
	}{
		{"month 0", 1, 0, 2024, false},
		{"month 13", 1, 13, 2024, false},
		{"day 0", 0, 1, 2024, false},
		{"day 31", 31, 1, 2024, false},
		{"30th of a 29-day month", 30, 12, 2024, false},
		{"leap flag on a month that is not leap", 1, 3, 2023, true},
		{"leap flag in a year without a leap month", 1, 2, 2024, true},
		{"year before MinYear", 1, 1, MinYear - 1, false},
		{"year after MaxYear", 1, 1, MaxYear + 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LunarToSolar(tt.day, tt.month, tt.year, tt.leap)
			if !errors.Is(err, ErrInvalidLunarDate) {
				t.Errorf("LunarToSolar(%d/%d/%d, %v) = %v, %v; want ErrInvalidLunarDate", tt.day, tt.month, tt.year, tt.leap, got, err)
			}
		})
	}
	if _, err := SolarToLunar(time.Date(MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrInvalidLunarDate) {
		t.Errorf("SolarToLunar after MaxYear: err = %v, want ErrInvalidLunarDate", err)
	}
}

// TestSolarToLunarUsesVietnamZone: 9 Feb 2024 20:00 UTC is 03:00 on 10 Feb
// in Hà Nội, which is Tết.
func TestSolarToLunarUsesVietnamZone(t *testing.T) {
	got, err := SolarToLunar(time.Date(2024, 2, 9, 20, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if want := (LunarDate{Day: 1, Month: 1, Year: 2024}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestLunarCalendarIsConsistent walks day by day and checks the structure
// every lunar calendar must have: days count up by one, months have 29 or
// 30 days, 12 or 13 months make a year, and every date converts back.
func TestLunarCalendarIsConsistent(t *testing.T) {
	from, to := ymd(1900, time.January, 1), ymd(2100, time.December, 31)
	if testing.Short() {
		from, to = ymd(2020, time.January, 1), ymd(2030, time.December, 31)
	}
	prev, err := dateToLunar(from, vietnamTZ)
	if err != nil {
		t.Fatal(err)
	}
	months, leaps := 0, 0
	for x := from.AddDays(1); !to.Before(x); x = x.AddDays(1) {
		l, err := dateToLunar(x, vietnamTZ)
		if err != nil {
			t.Fatalf("%s: %v", x, err)
		}
		switch {
		case l.Day == prev.Day+1 && l.Month == prev.Month && l.Year == prev.Year && l.Leap == prev.Leap:
		case l.Day == 1 && (prev.Day == 29 || prev.Day == 30):
			months++
			if l.Leap {
				leaps++
				if l.Month != prev.Month || l.Year != prev.Year {
					t.Fatalf("%s: leap month %+v does not repeat %+v", x, l, prev)
				}
			} else if want := prev.Month%12 + 1; l.Month != want {
				t.Fatalf("%s: month %+v after %+v", x, l, prev)
			} else if (l.Month == 1) != (l.Year == prev.Year+1) {
				t.Fatalf("%s: year %+v after %+v", x, l, prev)
			}
		default:
			t.Fatalf("%s: %+v does not follow %+v", x, l, prev)
		}
		back, err := lunarToDate(l, vietnamTZ)
		if err != nil || back != x {
			t.Fatalf("%s → %+v → %s, %v", x, l, back, err)
		}
		prev = l
	}
	// 7 leap months every 19 years (the Metonic cycle), give or take one.
	years := float64(to.Year - from.Year + 1)
	if want := years * 7 / 19; float64(leaps) < want-1 || float64(leaps) > want+1 {
		t.Errorf("%d leap months in %.0f years, want about %.1f", leaps, years, want)
	}
	t.Logf("%d months, %d leap", months, leaps)
}
