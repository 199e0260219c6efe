package web

import (
	"net/http"
	"strconv"
	"time"

	"dsflow/calendar"
)

// overdueHistory is GET /api/v1/overdue/history's answer.
type overdueHistory struct {
	Days []struct {
		Date    string `json:"date"`
		Overdue int64  `json:"overdue"`
	} `json:"days"`
}

// chart is a bar chart drawn as inline SVG by the server: it needs no
// script, and the numbers go in a table beside it for screen readers.
type chart struct {
	Bars                 []chartBar
	Max, Today, Peak     int64
	PeakDate             string
	First, Last          string
	MaxY, MidY           string // where the axis labels go
	Width, Height, BaseY int
	PlotLeft, PlotRight  int
	LabelY, AxisLabelX   int
	MidValue             int64
	FirstX, LastX        string
	HasMid               bool
	Plot                 string // the frame's path
}

type chartBar struct {
	X, Y, W, H string
	Date       string // dd/mm/yyyy
	N          int64
	Last       bool
}

// Chart geometry, in SVG units: a 340-wide picture fits a 360 px phone.
const (
	chartW, chartH   = 340, 150
	chartLeft        = 34
	chartRight       = 336
	chartTop         = 12
	chartBase        = 118
	chartLabelOffset = 16
)

// overdueChart lays out the history of a unit's overdue tasks; nil when
// the API gave none.
func (h *Handler) overdueChart(r *http.Request, unitID uint) *chart {
	var hist overdueHistory
	path := "/api/v1/overdue/history?days=30"
	if unitID != 0 {
		path += "&unit=" + uintString(unitID)
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: path}, &hist); p != nil || len(hist.Days) == 0 {
		return nil
	}
	c := &chart{Width: chartW, Height: chartH, BaseY: chartBase, PlotLeft: chartLeft, PlotRight: chartRight,
		LabelY: chartBase + chartLabelOffset, AxisLabelX: chartLeft - 4}
	for _, d := range hist.Days {
		if d.Overdue > c.Max {
			c.Max, c.PeakDate = d.Overdue, showDate(d.Date)
		}
	}
	c.Peak = c.Max
	if c.PeakDate == "" { // nothing overdue all along: today is as high as any day
		c.PeakDate = showDate(hist.Days[len(hist.Days)-1].Date)
	}
	top := niceCeil(c.Max)
	slot := float64(chartRight-chartLeft) / float64(len(hist.Days))
	barW := slot * 0.7
	for i, d := range hist.Days {
		hgt := 0.0
		if top > 0 {
			hgt = float64(d.Overdue) / float64(top) * float64(chartBase-chartTop)
		}
		x := float64(chartLeft) + float64(i)*slot + (slot-barW)/2
		c.Bars = append(c.Bars, chartBar{X: svgNum(x), Y: svgNum(float64(chartBase) - hgt), W: svgNum(barW), H: svgNum(hgt),
			Date: showDate(d.Date), N: d.Overdue, Last: i == len(hist.Days)-1})
	}
	c.Today = hist.Days[len(hist.Days)-1].Overdue
	c.First, c.Last = shortDate(hist.Days[0].Date), shortDate(hist.Days[len(hist.Days)-1].Date)
	c.FirstX, c.LastX = svgNum(float64(chartLeft)), svgNum(float64(chartRight))
	c.Max = top
	c.MaxY = svgNum(chartTop + 4)
	if top >= 2 && top%2 == 0 {
		c.HasMid, c.MidValue, c.MidY = true, top/2, svgNum(float64(chartTop+chartBase)/2+4)
	}
	c.Plot = "M" + strconv.Itoa(chartLeft) + " " + strconv.Itoa(chartTop) + "V" + strconv.Itoa(chartBase) + "H" + strconv.Itoa(chartRight)
	return c
}

// niceCeil rounds a chart's top up to 1, 2 or 5 times a power of ten (at
// least 2, so an empty chart still has an axis).
func niceCeil(n int64) int64 {
	if n <= 2 {
		return 2
	}
	for p := int64(1); ; p *= 10 {
		for _, m := range []int64{1, 2, 5} {
			if m*p >= n {
				return m * p
			}
		}
	}
}

func svgNum(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// showDate writes a yyyy-mm-dd date as dd/mm/yyyy.
func showDate(s string) string {
	d, err := calendar.ParseDate(s)
	if err != nil {
		return s
	}
	return d.Time(time.UTC).Format(dateLayout)
}

// shortDate writes a yyyy-mm-dd date as dd/mm.
func shortDate(s string) string {
	d, err := calendar.ParseDate(s)
	if err != nil {
		return s
	}
	return d.Time(time.UTC).Format("02/01")
}
