package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"dsflow/models"
)

// The editors of process templates and checklists are forms, not JSON: a
// fixed number of rows (fields, sections, items), and a button that shows
// the form again with more rows, so they work without JavaScript.

// editorRows is how many empty rows an editor adds at a time, and
// maxEditorRows how many it shows at most.
const (
	editorRows    = 3
	maxEditorRows = 60
)

func (h *Handler) routesAdminTemplates(m *http.ServeMux) {
	m.HandleFunc("GET /admin/templates", h.signedIn(h.handleAdminTemplates))
	m.HandleFunc("GET /admin/templates/new", h.signedIn(h.handleTemplateEditor))
	m.HandleFunc("POST /admin/templates/new", h.signedIn(h.handleTemplateSave))
	m.HandleFunc("GET /admin/templates/{id}/version", h.signedIn(h.handleTemplateEditor))
	m.HandleFunc("POST /admin/templates/{id}/version", h.signedIn(h.handleTemplateSave))
	m.HandleFunc("GET /admin/checklists/new", h.signedIn(h.handleChecklistEditor))
	m.HandleFunc("POST /admin/checklists/new", h.signedIn(h.handleChecklistSave))
	m.HandleFunc("GET /admin/checklists/{id}/version", h.signedIn(h.handleChecklistEditor))
	m.HandleFunc("POST /admin/checklists/{id}/version", h.signedIn(h.handleChecklistSave))
}

// definitionSummary is a template or checklist version in a list.
type definitionSummary struct {
	ID      uint        `json:"id"`
	Key     string      `json:"key"`
	Version int         `json:"version"`
	Kind    string      `json:"kind"`
	Title   models.Text `json:"title"`
	BuiltIn bool        `json:"built_in"`
}

type templatesPage struct {
	Templates, Checklists []definitionSummary
	Done                  string
}

// handleAdminTemplates lists the newest version of every process template
// and checklist, with the ways to a new one or a new version.
func (h *Handler) handleAdminTemplates(w http.ResponseWriter, r *http.Request, u *user) {
	page := &templatesPage{}
	if key := r.URL.Query().Get("saved"); key != "" {
		page.Done = h.t(r, "web.admin.tpl_saved", key, r.URL.Query().Get("version"))
	}
	for _, l := range []struct {
		path string
		into *[]definitionSummary
	}{{"/api/v1/templates", &page.Templates}, {"/api/v1/checklists", &page.Checklists}} {
		var list struct {
			Items []definitionSummary `json:"items"`
		}
		if p := h.call(r, apiCall{method: http.MethodGet, path: l.path}, &list); p != nil {
			h.renderProblem(w, r, u, p)
			return
		}
		*l.into = list.Items
	}
	v := h.view(w, r, u, "web.admin.templates")
	v.Page = page
	h.render(w, http.StatusOK, "admin_templates", v)
}

// editorForm is an editor's form as typed: its single inputs by name, and
// its rows, each a map of its inputs by their name without the row's
// prefix ("f3_name" is Rows[3]["name"]).
type editorForm struct {
	Values map[string]string
	Rows   []map[string]string
	// Sections are a checklist's section rows.
	Sections []map[string]string
	Errors   map[string]string
}

// V is one input's value.
func (f editorForm) V(name string) string { return f.Values[name] }

// E is one input's error.
func (f editorForm) E(name string) string { return f.Errors[name] }

// readRows reads rows of the named inputs with prefix ("f0_name", …) from
// a POST: as many as its "<prefix>rows" says, more when asked to.
func readRows(r *http.Request, prefix string, names []string, more bool) []map[string]string {
	n, _ := strconv.Atoi(r.PostFormValue(prefix + "rows"))
	n = min(max(n, 1), maxEditorRows)
	if more {
		n = min(n+editorRows, maxEditorRows)
	}
	rows := make([]map[string]string, n)
	for i := range rows {
		rows[i] = map[string]string{}
		for _, name := range names {
			rows[i][name] = strings.TrimSpace(r.PostFormValue(prefix + strconv.Itoa(i) + "_" + name))
		}
	}
	return rows
}

// emptyRows are n rows with no values.
func emptyRows(n int) []map[string]string {
	rows := make([]map[string]string, n)
	for i := range rows {
		rows[i] = map[string]string{}
	}
	return rows
}

// blank says whether a row has none of the named values.
func blank(row map[string]string, names ...string) bool {
	for _, n := range names {
		if row[n] != "" {
			return false
		}
	}
	return true
}

// readValues reads single inputs from a POST.
func readValues(r *http.Request, names []string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = strings.TrimSpace(r.PostFormValue(n))
	}
	return out
}

// indexPath matches a list index in an API field path ("fields[2]").
var indexPath = regexp.MustCompile(`^([a-z_]+)\[(\d+)\]\.(.+)$`)

// RowID names a row's input: "f" 2 "name" is "f2_name".
func (v *view) RowID(prefix string, i int, name string) string {
	return prefix + strconv.Itoa(i) + "_" + name
}

// splitChoices reads a list of choices typed with semicolons between.
func splitChoices(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ";") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// text makes a bilingual text of two inputs.
func text(vi, en string) models.Text { return models.Text{Vi: vi, En: en} }

// Choice names an option of an editor's list in the page's language.
func (v *view) Choice(list, value string) string {
	switch {
	case value == "":
		return v.T("web.admin.opt.none")
	case list == "kind":
		return v.Process(value)
	case list == "month":
		return v.T("web.admin.month_n", value)
	case list == "priority":
		return v.T("web.priority." + value)
	case list == "step_role" || list == "signoff_role":
		return v.Role(value)
	case (list == "default_level" || list == "step_level") && value != models.StepLevelParticipant && value != models.StepLevelRoot:
		return v.T("web.level." + value)
	}
	return v.T("web.admin.opt." + list + "." + value)
}
