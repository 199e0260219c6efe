package web

import (
	"time"

	"dsflow/calendar"
	"dsflow/i18n"
	"dsflow/models"
)

// Dates are written dd/mm/yyyy in Vietnam's time zone, in both languages.
const (
	dateLayout     = "02/01/2006"
	dateTimeLayout = "02/01/2006 15:04"
)

// Date formats t as dd/mm/yyyy.
func (v *view) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Location()).Format(dateLayout)
}

// DateTime formats t as dd/mm/yyyy hh:mm.
func (v *view) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Location()).Format(dateTimeLayout)
}

// Due says in words how far a deadline is ("còn 2 ngày", "quá hạn 5
// ngày"), counting calendar days in Vietnam's time zone.
func (v *view) Due(due time.Time) string {
	return dueWords(v.Lang, due, v.now())
}

func (v *view) now() time.Time {
	if v.clock != nil {
		return v.clock()
	}
	return time.Now()
}

func dueWords(lang string, due, now time.Time) string {
	loc := calendar.Location()
	today, day := calendar.DateOf(now.In(loc)), calendar.DateOf(due.In(loc))
	days := daysBetween(today, day)
	switch {
	case due.Before(now) && days == 0:
		return i18n.T(lang, "web.due.overdue_less")
	case due.Before(now):
		return i18n.T(lang, "web.due.overdue", -days)
	case days == 0:
		return i18n.T(lang, "web.due.today")
	case days == 1:
		return i18n.T(lang, "web.due.tomorrow")
	}
	return i18n.T(lang, "web.due.left", days)
}

// daysBetween counts the days from a to b (negative when b is earlier).
func daysBetween(a, b calendar.Date) int {
	return int(b.Time(time.UTC).Sub(a.Time(time.UTC)).Hours() / 24)
}

// Num writes a count with the language's thousands separator (1.234 in
// Vietnamese, 1,234 in English).
func (v *view) Num(n int64) string { return formatNumber(v.Lang, float64(n)) }

// Text picks a bilingual text's language.
func (v *view) Text(t models.Text) string { return t.In(v.Lang) }

// Status names a task status.
func (v *view) Status(s string) string { return v.T("web.status." + s) }

// Process names a kind of process.
func (v *view) Process(s string) string { return v.T("web.process." + s) }
