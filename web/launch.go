package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dsflow/calendar"
	"dsflow/models"
)

// templateSummary is a process template in GET /api/v1/templates.
type templateSummary struct {
	ID      uint        `json:"id"`
	Key     string      `json:"key"`
	Version int         `json:"version"`
	Kind    string      `json:"kind"`
	Title   models.Text `json:"title"`
}

type templateView struct {
	templateSummary
	Definition models.TemplateDef `json:"definition"`
}

// unitLevels are the levels a campaign's participants may have, highest
// first.
var unitLevels = []string{models.LevelProvince, models.LevelDistrict, models.LevelCommune, models.LevelVillage}

// launchPage is the wizard: first the templates to choose from, then the
// chosen one's form.
type launchPage struct {
	Templates []templateSummary
	Template  *templateView
	Units     *unitPicker
	Levels    []string
	// The form's values, as typed.
	Name, Start, End, Root, Level string
	Targets                       map[string]string
	Key                           string
	Errors                        map[string]string
	FormError, RequestID          string
}

type unitOption struct {
	ID     uint
	Label  string
	Indent string
	// Disabled marks the note that ends a list cut short, not a unit.
	Disabled bool
}

// handleLaunchPage is the wizard's GET: without ?template the list of
// templates, with it the launch form filled with the template's defaults.
func (h *Handler) handleLaunchPage(w http.ResponseWriter, r *http.Request, u *user) {
	page := &launchPage{Levels: unitLevels, Targets: map[string]string{}, Errors: map[string]string{}, Key: newKey()}
	id := r.URL.Query().Get("template")
	if id == "" {
		var list struct {
			Items []templateSummary `json:"items"`
		}
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/templates"}, &list); p != nil {
			h.renderProblem(w, r, u, p)
			return
		}
		for _, t := range list.Items {
			if t.Kind != models.TemplateBriefing { // briefings run on a schedule
				page.Templates = append(page.Templates, t)
			}
		}
		h.renderLaunch(w, r, u, http.StatusOK, page)
		return
	}
	if u.Unit != nil {
		page.Root = uintString(u.Unit.ID)
	}
	if p := h.loadLaunchForm(r, page, id); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	def := page.Template.Definition
	today := calendar.DateOf(h.now()).Time(calendar.Location())
	start, end := today, today.AddDate(0, 0, 30)
	if wd := def.Window; wd != nil {
		y := today.Year()
		start = time.Date(y, time.Month(wd.StartMonth), wd.StartDay, 0, 0, 0, 0, calendar.Location())
		end = time.Date(y, time.Month(wd.EndMonth), wd.EndDay, 0, 0, 0, 0, calendar.Location())
		if end.Before(today) {
			start, end = start.AddDate(1, 0, 0), end.AddDate(1, 0, 0)
		}
	}
	page.Name = page.Template.Title.In(langOf(r)) + " " + strconv.Itoa(start.Year())
	page.Start, page.End = start.Format(dateLayout), end.Format(dateLayout)
	page.Level = def.DefaultLevel
	if page.Level == "" {
		page.Level = models.LevelCommune
	}
	h.renderLaunch(w, r, u, http.StatusOK, page)
}

// loadLaunchForm reads the chosen template and the units the user may
// launch over (their subtree, above its villages).
func (h *Handler) loadLaunchForm(r *http.Request, page *launchPage, id string) *problem {
	page.Template = &templateView{}
	if _, err := strconv.ParseUint(id, 10, 32); err != nil {
		return &problem{Status: http.StatusNotFound, Title: h.t(r, "web.not_found")}
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/templates/" + url.PathEscape(id)}, page.Template); p != nil {
		return p
	}
	// A campaign is launched over a unit above the villages.
	var p *problem
	page.Units, p = h.unitPicker(r, "root_unit", pickOne, page.Root)
	return p
}

// aboveVillages are the units of the user's subtree above the villages,
// level by level, highest first, and whether a level stopped at
// maxListedUnits.
func (h *Handler) aboveVillages(r *http.Request) ([]unit, bool, *problem) {
	return h.unitsAt(r, models.LevelNational, models.LevelProvince, models.LevelDistrict, models.LevelCommune)
}

// unitsAt are the units of the user's subtree at levels, level by level
// in the order given, and whether a level stopped at maxListedUnits.
func (h *Handler) unitsAt(r *http.Request, levels ...string) ([]unit, bool, *problem) {
	var all []unit
	capped := false
	for _, level := range levels {
		units, more, p := h.allUnits(r, url.Values{"level": {level}})
		if p != nil {
			return nil, false, p
		}
		all, capped = append(all, units...), capped || more
	}
	return all, capped, nil
}

// cappedTree is unitTree, ending with a disabled option that says so when
// the units were cut short at maxListedUnits.
func (h *Handler) cappedTree(r *http.Request, units []unit, capped bool) []unitOption {
	out := unitTree(units)
	if capped {
		out = append(out, unitOption{Label: h.t(r, "web.units.capped", maxListedUnits), Disabled: true})
	}
	return out
}

// unitTree orders units as a tree (each after its parent, siblings in the
// API's order, by name), indented by depth below the top ones.
func unitTree(units []unit) []unitOption {
	known := map[uint]bool{}
	for _, u := range units {
		known[u.ID] = true
	}
	children := map[uint][]unit{}
	var tops []unit
	for _, u := range units {
		if u.ParentID != nil && known[*u.ParentID] {
			children[*u.ParentID] = append(children[*u.ParentID], u)
		} else {
			tops = append(tops, u)
		}
	}
	var out []unitOption
	var walk func(us []unit, depth int)
	walk = func(us []unit, depth int) {
		for _, u := range us {
			out = append(out, unitOption{ID: u.ID, Label: u.Name, Indent: strings.Repeat("— ", depth)})
			walk(children[u.ID], depth+1)
		}
	}
	walk(tops, 0)
	return out
}

// handleLaunch is the wizard's POST: it launches the campaign with the
// form's Idempotency-Key (a double tap launches once) and goes to its
// progress page; a refusal shows the form again with the API's messages
// beside the fields.
func (h *Handler) handleLaunch(w http.ResponseWriter, r *http.Request, u *user) {
	page := &launchPage{Levels: unitLevels, Targets: map[string]string{}, Errors: map[string]string{},
		Name: r.PostFormValue("name"), Start: r.PostFormValue("start"), End: r.PostFormValue("end"),
		Root: r.PostFormValue("root_unit"), Level: r.PostFormValue("level"), Key: r.PostFormValue(fieldKey)}
	if p := h.loadLaunchForm(r, page, r.PostFormValue("template")); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	targets := map[string]map[string]float64{}
	for _, ind := range page.Template.Definition.Indicators {
		raw := strings.TrimSpace(r.PostFormValue("t_" + ind.Key))
		page.Targets[ind.Key] = raw
		if raw == "" {
			continue
		}
		if n, ok := parseNumber(raw); ok {
			targets[ind.Key] = map[string]float64{"*": n}
		} else {
			page.Errors["t_"+ind.Key] = h.t(r, "web.launch.number")
		}
	}
	if searchingUnits(r) {
		// The units' search shows the form again as typed, with no
		// complaint yet about what is still being filled in.
		page.Errors = map[string]string{}
		h.renderLaunch(w, r, u, http.StatusOK, page)
		return
	}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(page.Key) {
		page.Key, page.FormError = newKey(), h.t(r, "web.csrf")
		h.renderLaunch(w, r, u, http.StatusForbidden, page)
		return
	}
	start, okStart := parseDay(page.Start)
	end, okEnd := parseDay(page.End)
	if !okStart {
		page.Errors["start"] = h.t(r, "web.launch.date_format")
	}
	if !okEnd {
		page.Errors["end"] = h.t(r, "web.launch.date_format")
	}
	if len(page.Errors) > 0 {
		page.FormError = h.t(r, "web.task.fix")
		h.renderLaunch(w, r, u, http.StatusUnprocessableEntity, page)
		return
	}
	body := map[string]any{"template": page.Template.Key, "name": page.Name, "root_unit": apiUnitRef(page.Root), "level": page.Level,
		"window": map[string]string{"start": start, "end": end}, "targets": targets}
	var got process
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/campaigns", body: body, idempotencyKey: page.Key}, &got)
	if p == nil {
		http.Redirect(w, r, "/campaigns/"+url.PathEscape(got.ID)+"?done=launch", http.StatusSeeOther)
		return
	}
	var loose []string
	for _, f := range p.Errors {
		if name := launchField(f.Field); name != "" {
			page.Errors[name] = f.Message
		} else {
			loose = append(loose, f.Message)
		}
	}
	page.FormError, page.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.renderLaunch(w, r, u, p.Status, page)
}

// launchField is the form's input for a field the API names ("" when the
// form has none).
func launchField(f string) string {
	switch f {
	case "name", "root_unit", "level":
		return f
	case "window.start":
		return "start"
	case "window.end":
		return "end"
	}
	if rest, ok := strings.CutPrefix(f, "targets."); ok {
		ind, _, _ := strings.Cut(rest, ".")
		return "t_" + ind
	}
	return ""
}

// parseDay reads a date typed dd/mm/yyyy (or d/m/yyyy, or the yyyy-mm-dd of
// a date picker) and returns it as the API wants it, yyyy-mm-dd.
func parseDay(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2/1/2006", "2-1-2006", "2.1.2006", "2006-01-02"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d.Format("2006-01-02"), true
		}
	}
	return "", false
}

func (h *Handler) renderLaunch(w http.ResponseWriter, r *http.Request, u *user, status int, page *launchPage) {
	v := h.view(w, r, u, "web.launch.title")
	v.Page = page
	h.render(w, status, "launch", v)
}
