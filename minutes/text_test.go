package minutes

import (
	"strings"
	"testing"
	"time"

	"dsflow/calendar"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"e\u0302\u0323 o\u031B\u0300", "ệ ờ"}, // decomposed, as some keyboards type
		{"Tốt 😀", "Tốt \uFFFD"},                // beyond U+FFFF
		{"a\tb\r\nc\x00d", "a b\nc d"},
	} {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := upper("trưởng đoàn"); got != "TRƯỞNG ĐOÀN" {
		t.Errorf("upper = %q", got)
	}
}

func TestWrap(t *testing.T) {
	// One unit of width per letter, spaces included.
	measure := func(s string) float64 { return float64(len([]rune(s))) }
	for _, tc := range []struct {
		in    string
		width float64
		want  []string
	}{
		{"", 10, nil},
		{"   ", 10, nil},
		{"một hai ba", 10, []string{"một hai ba"}},
		{"một hai ba bốn", 10, []string{"một hai ba", "bốn"}},
		{"dòng một\ndòng hai", 20, []string{"dòng một", "dòng hai"}},
		{"ab Khánhhòaquảngngãi cd", 6, []string{"ab", "Khánhh", "òaquản", "gngãi", "cd"}},
	} {
		got := wrap(tc.in, tc.width, measure)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("wrap(%q, %v) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
		for _, l := range got {
			if measure(l) > tc.width {
				t.Errorf("wrap(%q): line %q wider than %v", tc.in, l, tc.width)
			}
		}
	}
}

func TestPlaceDate(t *testing.T) {
	vn := calendar.Location()
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 7, 15, 9, 0, 0, 0, vn), "Hà Nội, ngày 15 tháng 7 năm 2026"},
		{time.Date(2026, 2, 5, 9, 0, 0, 0, vn), "Hà Nội, ngày 05 tháng 02 năm 2026"},
		{time.Date(2026, 1, 31, 9, 0, 0, 0, vn), "Hà Nội, ngày 31 tháng 01 năm 2026"},
		{time.Date(2026, 12, 1, 9, 0, 0, 0, vn), "Hà Nội, ngày 01 tháng 12 năm 2026"},
		// 20:00 UTC is already the next day in Hà Nội.
		{time.Date(2026, 3, 8, 20, 0, 0, 0, time.UTC), "Hà Nội, ngày 09 tháng 3 năm 2026"},
	} {
		if got := placeDate("Hà Nội", tc.at); got != tc.want {
			t.Errorf("placeDate(%v) = %q, want %q", tc.at, got, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[float64]string{42: "42", 42.5: "42,5", 41.999999: "42", 7.125: "7,13", 0: "0"} {
		if got := number(in); got != want {
			t.Errorf("number(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestRoman(t *testing.T) {
	for in, want := range map[int]string{1: "I", 4: "IV", 9: "IX", 14: "XIV", 40: "XL", 1994: "MCMXCIV"} {
		if got := roman(in); got != want {
			t.Errorf("roman(%d) = %q, want %q", in, got, want)
		}
	}
}
