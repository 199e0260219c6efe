package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dsflow/models"
)

// targetsPage is the entry of coverage targets and denominators for a
// unit and the units below it, a year and a type; and the CSV import.
type targetsPage struct {
	Unit, Year, Type string
	Types            []string
	Rows             []targetRow
	Done             string
	Message          string
	// ImportErrors are the import's faults, each naming its line.
	ImportErrors []string
	CSV          string
}

type targetRow struct {
	ID                  uint
	Name                string
	Target, Denominator string
	Error               string
}

// handleTargetsPage shows the targets of a unit (the user's own by
// default) and of the units below it, filled with what is set now.
func (h *Handler) handleTargetsPage(w http.ResponseWriter, r *http.Request, u *user) {
	q := r.URL.Query()
	page := &targetsPage{Unit: q.Get("unit"), Year: q.Get("year"), Type: q.Get("type")}
	switch q.Get("done") {
	case "save":
		page.Done = h.t(r, "web.targets.saved")
	case "import":
		page.Done = h.t(r, "web.targets.imported", q.Get("n"))
	}
	h.showTargets(w, r, u, http.StatusOK, page, nil)
}

// showTargets reads the coverage tree for the rows, keeping what the user
// typed (typed: by unit ID) over what is stored.
func (h *Handler) showTargets(w http.ResponseWriter, r *http.Request, u *user, status int, page *targetsPage, typed map[uint]targetRow) {
	page.Types = []string{models.ScreeningPrenatal, models.ScreeningNewborn}
	if page.Type != models.ScreeningNewborn {
		page.Type = models.ScreeningPrenatal
	}
	if _, err := strconv.Atoi(page.Year); err != nil {
		page.Year = strconv.Itoa(h.now().Year())
	}
	api := url.Values{"year": {page.Year}, "type": {page.Type}}
	if page.Unit != "" {
		api.Set("unit", apiUnitRef(page.Unit))
	}
	var node coverageNode
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/indicators/screening?" + api.Encode()}, &node); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	for _, n := range append([]coverageNode{node}, node.Children...) {
		row := targetRow{ID: n.UnitID, Name: n.Name, Target: strconv.FormatFloat(n.Target, 'f', -1, 64), Denominator: strconv.FormatInt(n.Denominator, 10)}
		if t, ok := typed[n.UnitID]; ok {
			row.Target, row.Denominator, row.Error = t.Target, t.Denominator, t.Error
		}
		page.Rows = append(page.Rows, row)
	}
	v := h.view(w, r, u, "web.targets.title")
	v.Page = page
	h.render(w, status, "targets", v)
}

// handlePutTargets saves the rows, all or none: a refusal shows the rows
// as typed, the API's message beside the row at fault.
func (h *Handler) handlePutTargets(w http.ResponseWriter, r *http.Request, u *user) {
	page := &targetsPage{Unit: r.PostFormValue("unit"), Year: r.PostFormValue("year"), Type: r.PostFormValue("type")}
	_ = r.ParseForm()
	ids := r.PostForm["row"]
	typed := map[uint]targetRow{}
	year, _ := strconv.Atoi(page.Year)
	var body []map[string]any
	var order []uint
	for _, s := range ids {
		id, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			continue
		}
		row := targetRow{ID: uint(id), Target: strings.TrimSpace(r.PostFormValue("target_" + s)), Denominator: strings.TrimSpace(r.PostFormValue("denominator_" + s))}
		typed[row.ID] = row
		t := map[string]any{"unit": apiUnitRef(s), "year": year, "type": page.Type, "denominator": row.Denominator}
		if n, ok := parseNumber(row.Denominator); ok {
			t["denominator"] = n
		}
		if row.Target != "" {
			t["target"] = row.Target
			if n, ok := parseNumber(row.Target); ok {
				t["target"] = n
			}
		}
		body, order = append(body, t), append(order, row.ID)
	}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) {
		page.Message = h.t(r, "web.csrf")
		h.showTargets(w, r, u, http.StatusForbidden, page, typed)
		return
	}
	p := h.call(r, apiCall{method: http.MethodPut, path: "/api/v1/screening/targets", body: map[string]any{"targets": body}}, nil)
	if p == nil {
		h.redirectTargets(w, r, page, "save", "")
		return
	}
	var loose []string
	for _, f := range p.Errors {
		// targets[2].denominator: the third row.
		if rest, ok := strings.CutPrefix(f.Field, "targets["); ok {
			if i, err := strconv.Atoi(rest[:max(strings.Index(rest, "]"), 0)]); err == nil && i < len(order) {
				row := typed[order[i]]
				row.Error = strings.TrimSpace(row.Error + " " + f.Message)
				typed[order[i]] = row
				continue
			}
		}
		loose = append(loose, f.Message)
	}
	page.Message = h.formMessage(r, p, loose)
	h.showTargets(w, r, u, p.Status, page, typed)
}

// handleImportTargets sends a CSV (a file chosen, or text pasted) to the
// API's import; a refusal lists the faults by line, and saves none.
func (h *Handler) handleImportTargets(w http.ResponseWriter, r *http.Request, u *user) {
	page := &targetsPage{Unit: r.FormValue("unit"), Year: r.FormValue("year"), Type: r.FormValue("type"), CSV: r.FormValue("csv")}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) {
		page.Message = h.t(r, "web.csrf")
		h.showTargets(w, r, u, http.StatusForbidden, page, nil)
		return
	}
	data := []byte(page.CSV)
	if f, _, err := r.FormFile("file"); err == nil {
		b, err := io.ReadAll(io.LimitReader(f, 1<<20))
		_ = f.Close()
		if err == nil && len(b) > 0 {
			data = b
		}
	}
	var got struct {
		Saved int `json:"saved"`
	}
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/screening/targets/import", raw: data, contentType: "text/csv; charset=utf-8"}, &got)
	if p == nil {
		h.redirectTargets(w, r, page, "import", strconv.Itoa(got.Saved))
		return
	}
	for _, f := range p.Errors {
		if n, ok := strings.CutPrefix(f.Field, "line "); ok {
			line, _, _ := strings.Cut(n, ".")
			page.ImportErrors = append(page.ImportErrors, h.t(r, "web.targets.line", line)+": "+f.Message)
		} else {
			page.ImportErrors = append(page.ImportErrors, f.Message)
		}
	}
	page.Message = h.formMessage(r, p, nil)
	h.showTargets(w, r, u, p.Status, page, nil)
}

func (h *Handler) redirectTargets(w http.ResponseWriter, r *http.Request, page *targetsPage, done, n string) {
	q := url.Values{"done": {done}, "year": {page.Year}, "type": {page.Type}}
	if page.Unit != "" {
		q.Set("unit", page.Unit)
	}
	if n != "" {
		q.Set("n", n)
	}
	http.Redirect(w, r, "/screening/targets?"+q.Encode(), http.StatusSeeOther)
}
