package calendar

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// dates returns the dates of days of one kind.
func dates(days []Day, kind string) []Date {
	var out []Date
	for _, x := range days {
		if x.Kind == kind {
			out = append(out, x.Date)
		}
	}
	return out
}

func TestDefaultHolidays(t *testing.T) {
	tests := []struct {
		year int
		want []Date
	}{
		// 2027: Tết on Saturday 6/2, so 6/2 and 7/2 give 10/2 and 11/2 off;
		// 1/5 on Saturday gives Monday 3/5; 2/9 on Thursday pairs with 3/9.
		{2027, []Date{
			ymd(2027, 1, 1),
			ymd(2027, 2, 5), ymd(2027, 2, 6), ymd(2027, 2, 7), ymd(2027, 2, 8), ymd(2027, 2, 9),
			ymd(2027, 2, 10), ymd(2027, 2, 11),
			ymd(2027, 4, 16), ymd(2027, 4, 30), ymd(2027, 5, 1), ymd(2027, 5, 3),
			ymd(2027, 9, 2), ymd(2027, 9, 3),
		}},
		// 2023: Hùng Kings Saturday 29/4 and 30/4 Sunday give 2/5 and 3/5
		// off: the official 29/4–3/5 of that year. Tết Sunday 22/1.
		{2023, []Date{
			ymd(2023, 1, 1), ymd(2023, 1, 2),
			ymd(2023, 1, 21), ymd(2023, 1, 22), ymd(2023, 1, 23), ymd(2023, 1, 24), ymd(2023, 1, 25),
			ymd(2023, 1, 26), ymd(2023, 1, 27),
			ymd(2023, 4, 29), ymd(2023, 4, 30), ymd(2023, 5, 1), ymd(2023, 5, 2), ymd(2023, 5, 3),
			ymd(2023, 9, 1), ymd(2023, 9, 2), ymd(2023, 9, 4),
		}},
		// 2026: no weekend clash but Hùng Kings on Sunday 26/4.
		{2026, []Date{
			ymd(2026, 1, 1),
			ymd(2026, 2, 16), ymd(2026, 2, 17), ymd(2026, 2, 18), ymd(2026, 2, 19), ymd(2026, 2, 20),
			ymd(2026, 4, 26), ymd(2026, 4, 27), ymd(2026, 4, 30), ymd(2026, 5, 1),
			ymd(2026, 9, 1), ymd(2026, 9, 2),
		}},
	}
	for _, tt := range tests {
		got := DefaultHolidays(tt.year)
		if g := dates(got, KindHoliday); !slices.Equal(g, tt.want) {
			t.Errorf("DefaultHolidays(%d) = %v, want %v", tt.year, g, tt.want)
		}
		for _, x := range got {
			if x.NameVi == "" || x.NameEn == "" {
				t.Errorf("DefaultHolidays(%d): %s has no name: %+v", tt.year, x.Date, x)
			}
		}
	}
}

// TestDefaultHolidaysCountElevenDays: the Labour Code gives 11 days a year;
// everything beyond is compensation for weekends.
func TestDefaultHolidaysCountElevenDays(t *testing.T) {
	for year := 2021; year <= 2060; year++ {
		days := DefaultHolidays(year)
		legal, weekend, comp := 0, 0, 0
		for _, x := range days {
			switch {
			case strings.HasSuffix(x.NameEn, "(compensatory day off)"):
				comp++
				if x.Date.isWeekend() {
					t.Errorf("%d: compensatory day %s on a weekend", year, x.Date)
				}
			default:
				legal++
				if x.Date.isWeekend() {
					weekend++
				}
			}
		}
		if legal != 11 || comp != weekend {
			t.Errorf("%d: %d legal days (want 11), %d on weekends, %d compensatory", year, legal, weekend, comp)
		}
	}
	if got := DefaultHolidays(MaxYear + 1); got != nil {
		t.Errorf("DefaultHolidays(MaxYear+1) = %v, want nil", got)
	}
}

// TestDefaultNationalDayMatchesHistory: the default day next to 2/9 gives
// the effective days off the government set in 2021–2025.
func TestDefaultNationalDayMatchesHistory(t *testing.T) {
	want := map[int][]Date{
		2021: {ymd(2021, 9, 2), ymd(2021, 9, 3)},                  // Thu, Fri
		2022: {ymd(2022, 9, 1), ymd(2022, 9, 2)},                  // Thu, Fri
		2023: {ymd(2023, 9, 1), ymd(2023, 9, 2), ymd(2023, 9, 4)}, // Fri, Sat, comp. Mon
		2024: {ymd(2024, 9, 1), ymd(2024, 9, 2), ymd(2024, 9, 3)}, // Sun, Mon, comp. Tue
		2025: {ymd(2025, 9, 1), ymd(2025, 9, 2)},                  // Mon, Tue
	}
	for year, w := range want {
		var got []Date
		for _, x := range DefaultHolidays(year) {
			if x.Date.Month == time.September {
				got = append(got, x.Date)
			}
		}
		if !slices.Equal(got, w) {
			t.Errorf("%d: September holidays %v, want %v", year, got, w)
		}
	}
}

func TestDayValidate(t *testing.T) {
	tests := []struct {
		day Day
		ok  bool
	}{
		{Day{Date: ymd(2025, 1, 1), Kind: KindHoliday}, true},
		{Day{Date: ymd(2025, 1, 4), Kind: KindWorkday}, true},
		{Day{Date: ymd(2025, 1, 1), Kind: "off"}, false},
		{Day{Date: ymd(2025, 2, 30), Kind: KindHoliday}, false},
		{Day{Kind: KindHoliday}, false},
	}
	for _, tt := range tests {
		err := tt.day.Validate()
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalidDay)) {
			t.Errorf("%+v.Validate() = %v, want ok=%v", tt.day, err, tt.ok)
		}
	}
}

func TestDayJSON(t *testing.T) {
	in := Day{Date: ymd(2024, 2, 8), Kind: KindHoliday, NameVi: viTet, NameEn: enTet}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"date":"2024-02-08","kind":"holiday","name_vi":"Tết Nguyên Đán","name_en":"Lunar New Year"}`
	if string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var out Day
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("round trip = %+v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"date":"2024-02-30"}`), &out); err == nil {
		t.Error("unmarshal of 2024-02-30 succeeded")
	}
}
