package plan

import (
	"fmt"
	"time"

	"dsflow/calendar"
	"dsflow/models"
)

// Period is one period of a cadence: its label ("2026-Q3") and its first
// and last days.
type Period struct {
	Label      string
	Start, End calendar.Date
}

// PeriodOf returns the period of cadence that contains day d. An unknown
// cadence is the quarter.
func PeriodOf(cadence string, d calendar.Date) Period {
	y, m := d.Year, int(d.Month)
	first := func(month int) calendar.Date { return calendar.Date{Year: y, Month: time.Month(month), Day: 1} }
	lastOf := func(start calendar.Date, months int) calendar.Date {
		end := time.Date(start.Year, start.Month+time.Month(months), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
		return calendar.Date{Year: end.Year(), Month: end.Month(), Day: end.Day()}
	}
	switch cadence {
	case models.CadenceMonth:
		s := first(m)
		return Period{fmt.Sprintf("%d-%02d", y, m), s, lastOf(s, 1)}
	case models.CadenceHalf:
		h := (m-1)/6 + 1
		s := first(6*(h-1) + 1)
		return Period{fmt.Sprintf("%d-H%d", y, h), s, lastOf(s, 6)}
	case models.CadenceYear:
		s := first(1)
		return Period{fmt.Sprint(y), s, lastOf(s, 12)}
	}
	q := (m-1)/3 + 1
	s := first(3*(q-1) + 1)
	return Period{fmt.Sprintf("%d-Q%d", y, q), s, lastOf(s, 3)}
}

// Months are the months a cadence's periods begin in.
func Months(cadence string) []int {
	switch cadence {
	case models.CadenceMonth:
		return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	case models.CadenceHalf:
		return []int{1, 7}
	case models.CadenceYear:
		return []int{1}
	}
	return []int{1, 4, 7, 10}
}
