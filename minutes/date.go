package minutes

import (
	"fmt"
	"time"

	"dsflow/calendar"
)

// placeDate is the place/date line, "Hà Nội, ngày 15 tháng 7 năm 2026".
// The date is the day in Vietnam, whatever zone t carries: a signing at
// 23:30 UTC is the next morning in Hà Nội. Decree 30 (Appendix I) writes
// days under 10 and the months January and February with a leading zero,
// so that a date cannot be extended by hand ("ngày 05 tháng 02"); other
// numbers stand as they are.
func placeDate(place string, t time.Time) string {
	y, m, d := t.In(calendar.Location()).Date()
	day := fmt.Sprintf("%02d", d)
	month := fmt.Sprint(int(m))
	if m <= time.February {
		month = fmt.Sprintf("%02d", int(m))
	}
	return fmt.Sprintf("%s, ngày %s tháng %s năm %d", clean(place), day, month, y)
}
