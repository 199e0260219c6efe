package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dsflow/models"
)

// coverageNode is a unit in GET /api/v1/indicators/screening.
type coverageNode struct {
	UnitID      uint           `json:"unit_id"`
	Name        string         `json:"name"`
	Level       string         `json:"level"`
	Screened    int64          `json:"screened"`
	Denominator int64          `json:"denominator"`
	Coverage    float64        `json:"coverage"`
	Target      float64        `json:"target"`
	Gap         float64        `json:"gap"`
	Pace        float64        `json:"pace"`
	Behind      bool           `json:"behind"`
	Children    []coverageNode `json:"children"`
}

// Bar is the width class of the unit's coverage bar.
func (n coverageNode) Bar() int { return barOf(n.Coverage) }

type coveragePage struct {
	Node             coverageNode
	Unit, Year, Type string
	Types            []string
	Error            string
}

// Drill is the address of a unit's own coverage, with the page's year
// and type.
func (p coveragePage) Drill(id uint) string {
	q := url.Values{"unit": {strconv.FormatUint(uint64(id), 10)}}
	if p.Year != "" {
		q.Set("year", p.Year)
	}
	if p.Type != "" {
		q.Set("type", p.Type)
	}
	return "/screening/coverage?" + q.Encode()
}

// handleCoverage shows screening coverage at a unit (the user's own by
// default) and the units below it, against their targets.
func (h *Handler) handleCoverage(w http.ResponseWriter, r *http.Request, u *user) {
	q := r.URL.Query()
	page := coveragePage{Unit: q.Get("unit"), Year: q.Get("year"), Type: q.Get("type"),
		Types: []string{models.ScreeningPrenatal, models.ScreeningNewborn}}
	api := url.Values{}
	for k, v := range map[string]string{"unit": apiUnitRef(page.Unit), "year": page.Year, "type": page.Type} {
		if v != "" {
			api.Set(k, v)
		}
	}
	p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/indicators/screening?" + api.Encode()}, &page.Node)
	switch {
	case p != nil && p.Status == http.StatusUnprocessableEntity:
		var loose []string
		for _, f := range p.Errors {
			loose = append(loose, f.Message)
		}
		page.Error = h.formMessage(r, p, loose)
	case p != nil:
		h.renderProblem(w, r, u, p)
		return
	}
	if page.Type == "" {
		page.Type = models.ScreeningPrenatal
	}
	if page.Year == "" {
		page.Year = strconv.Itoa(h.now().Year())
	}
	v := h.view(w, r, u, "web.coverage.title")
	v.Page = page
	status := http.StatusOK
	if p != nil {
		status = p.Status
	}
	h.render(w, status, "coverage", v)
}

// Pct writes a percentage to one decimal.
func (v *view) Pct(f float64) string { return v.Fig(&f) + "%" }
