package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// unitRow is a unit in the tree of the units page.
type unitRow struct {
	unit
	Indent string
}

// CodeText is the unit's code, or "" when it has none.
func (u unitRow) CodeText() string {
	if u.Code == nil {
		return ""
	}
	return *u.Code
}

// importLine is one bad line of a refused import, with its text.
type importLine struct {
	Line    int
	Column  string // code, name, level, parent_code, row, csv ("" for the file)
	Message string
	Text    string
}

type unitsPage struct {
	Units []unitRow
	// Parent and Children when the page lists one unit's children.
	Parent   *unit
	Children []unitRow
	Pager    pager
	// Capped says the tree stopped at maxListedUnits of a level.
	Capped string
	// The import form: the text as typed or uploaded, kept after a refusal.
	CSV                  string
	Key                  string
	Lines                []importLine
	FormError, RequestID string
	Done                 string
}

// handleAdminUnits shows the units of the user's subtree above the
// villages, as a tree, or with ?parent= the children of one unit; and the
// import form.
func (h *Handler) handleAdminUnits(w http.ResponseWriter, r *http.Request, u *user) {
	page := &unitsPage{Key: newKey()}
	q := r.URL.Query()
	if q.Get("done") == "import" {
		page.Done = h.t(r, "web.admin.imported", q.Get("created"), q.Get("updated"), q.Get("unchanged"))
	}
	h.showUnits(w, r, u, http.StatusOK, page)
}

func (h *Handler) showUnits(w http.ResponseWriter, r *http.Request, u *user, status int, page *unitsPage) {
	if id := r.URL.Query().Get("parent"); id != "" {
		if _, err := strconv.ParseUint(id, 10, 32); err != nil {
			h.renderProblem(w, r, u, &problem{Status: http.StatusNotFound, Title: h.t(r, "web.not_found")})
			return
		}
		page.Parent = &unit{}
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/units/" + id}, page.Parent); p != nil {
			h.renderProblem(w, r, u, p)
			return
		}
		if p := h.childRows(r, page, id); p != nil {
			h.renderProblem(w, r, u, p)
			return
		}
	} else {
		rows, capped, p := h.unitRows(r)
		if p != nil {
			h.renderProblem(w, r, u, p)
			return
		}
		page.Units = rows
		if capped {
			page.Capped = h.t(r, "web.units.tree_capped", maxListedUnits)
		}
	}
	v := h.view(w, r, u, "web.admin.units")
	v.Page = page
	h.render(w, status, "admin_units", v)
}

// childRows fills page with one page of the children of the unit id
// (a province has a hundred communes or more), browsePageSize at a time.
func (h *Handler) childRows(r *http.Request, page *unitsPage, id string) *problem {
	offset := pageOffset(r)
	q := url.Values{"parent": {id}, "limit": {strconv.Itoa(browsePageSize + 1)}, "offset": {strconv.Itoa(offset)}}
	var list struct {
		Items []unit `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/units?" + q.Encode()}, &list); p != nil {
		return p
	}
	page.Pager = newPager(r, offset, len(list.Items), "parent")
	for _, c := range list.Items[:min(len(list.Items), browsePageSize)] {
		page.Children = append(page.Children, unitRow{unit: c})
	}
	return nil
}

// unitRows are the units of the user's subtree above the villages, as a
// tree, and whether a level stopped at maxListedUnits.
func (h *Handler) unitRows(r *http.Request) ([]unitRow, bool, *problem) {
	all, capped, p := h.aboveVillages(r)
	if p != nil {
		return nil, false, p
	}
	byID := make(map[uint]unit, len(all))
	for _, x := range all {
		byID[x.ID] = x
	}
	var out []unitRow
	for _, o := range unitTree(all) {
		out = append(out, unitRow{unit: byID[o.ID], Indent: o.Indent})
	}
	return out, capped, nil
}

// handleUnitsImport sends the form's CSV (a chosen file, else the text
// typed) to POST /api/v1/units/import with the form's Idempotency-Key. A
// refusal shows every bad line with its text, and the text is kept to be
// fixed and sent again.
func (h *Handler) handleUnitsImport(w http.ResponseWriter, r *http.Request, u *user) {
	var tooLarge *http.MaxBytesError
	if err := r.ParseMultipartForm(1 << 20); errors.As(err, &tooLarge) {
		page := &unitsPage{Key: newKey(), FormError: h.t(r, "error.too_large")}
		h.showUnits(w, r, u, http.StatusRequestEntityTooLarge, page)
		return
	}
	page := &unitsPage{Key: r.PostFormValue(fieldKey), CSV: r.PostFormValue("csv")}
	if f, _, err := r.FormFile("file"); err == nil {
		data, err := io.ReadAll(io.LimitReader(f, 1<<20))
		f.Close()
		if err == nil && len(data) > 0 {
			page.CSV = strings.TrimPrefix(string(data), "\ufeff")
		}
	}
	if !h.commandOK(r, page.Key) {
		page.Key, page.FormError = newKey(), h.t(r, "web.csrf")
		h.showUnits(w, r, u, http.StatusForbidden, page)
		return
	}
	if strings.TrimSpace(page.CSV) == "" {
		page.FormError = h.t(r, "web.admin.csv_empty")
		h.showUnits(w, r, u, http.StatusUnprocessableEntity, page)
		return
	}
	var res struct{ Created, Updated, Unchanged int }
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/units/import", raw: []byte(page.CSV), contentType: "text/csv; charset=utf-8",
		idempotencyKey: page.Key}, &res)
	if p == nil {
		q := url.Values{"done": {"import"}, "created": {strconv.Itoa(res.Created)}, "updated": {strconv.Itoa(res.Updated)}, "unchanged": {strconv.Itoa(res.Unchanged)}}
		http.Redirect(w, r, "/admin/units?"+q.Encode(), http.StatusSeeOther)
		return
	}
	var loose []string
	page.Lines, loose = importLines(p, page.CSV)
	page.FormError, page.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.showUnits(w, r, u, p.Status, page)
}

// importLines reads the bad lines of a refused import ("line 3.code"),
// in the file's order, each with its text; the other messages are loose.
func importLines(p *problem, csv string) ([]importLine, []string) {
	text := strings.Split(strings.ReplaceAll(csv, "\r\n", "\n"), "\n")
	var lines []importLine
	var loose []string
	for _, f := range p.Errors {
		rest, ok := strings.CutPrefix(f.Field, "line ")
		num, col, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(num)
		if !ok || err != nil {
			loose = append(loose, f.Message)
			continue
		}
		l := importLine{Line: n, Column: col, Message: f.Message}
		if n >= 1 && n <= len(text) {
			l.Text = text[n-1]
		}
		lines = append(lines, l)
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Line < lines[j].Line })
	return lines, loose
}

// Column names a column of the units file.
func (v *view) Column(c string) string {
	if c == "" {
		return ""
	}
	return v.T("web.admin.col." + c)
}
