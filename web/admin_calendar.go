package web

import (
	"net/http"
	"strconv"
	"strings"

	"dsflow/authz"
	"dsflow/calendar"
)

// calendarDay is a day off or a swapped working day of GET
// /api/v1/calendar/{year}.
type calendarDay struct {
	Date   string `json:"date"` // yyyy-mm-dd
	Kind   string `json:"kind"` // holiday | workday
	NameVi string `json:"name_vi,omitempty"`
	NameEn string `json:"name_en,omitempty"`
}

type calendarYear struct {
	Year             int           `json:"year"`
	OfficialSchedule bool          `json:"official_schedule"`
	Days             []calendarDay `json:"days"`
	Overrides        []calendarDay `json:"overrides"`
}

type calendarPage struct {
	calendarYear
	CanEdit bool
	// The add form, as typed.
	Date, Kind, NameVi, NameEn string
	Errors                     map[string]string
	FormError, RequestID, Done string
}

// Name is a day's name in the page's language.
func (d calendarDay) Name(lang string) string {
	if lang == "en" && d.NameEn != "" {
		return d.NameEn
	}
	return d.NameVi
}

// handleAdminCalendar shows a year's days off and swapped working days,
// the admin's own entries, and (to an admin of the root unit, who alone
// may change the country's calendar) the form that adds one.
func (h *Handler) handleAdminCalendar(w http.ResponseWriter, r *http.Request, u *user) {
	page := &calendarPage{Kind: "holiday", Errors: map[string]string{}}
	switch r.URL.Query().Get("done") {
	case "add":
		page.Done = h.t(r, "web.admin.day_added")
	case "remove":
		page.Done = h.t(r, "web.admin.day_removed")
	}
	h.showCalendar(w, r, u, http.StatusOK, page, r.URL.Query().Get("year"))
}

func (h *Handler) showCalendar(w http.ResponseWriter, r *http.Request, u *user, status int, page *calendarPage, year string) {
	if year == "" {
		year = strconv.Itoa(calendar.DateOf(h.now()).Year)
	}
	if y, err := strconv.Atoi(year); err != nil || y < calendar.MinYear || y > calendar.MaxYear {
		h.renderProblem(w, r, u, &problem{Status: http.StatusNotFound, Title: h.t(r, "web.not_found")})
		return
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/calendar/" + year}, &page.calendarYear); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	page.CanEdit = authz.Allowed(u.Roles, authz.EditCalendar) && u.Unit != nil && u.Unit.ParentID == nil
	v := h.view(w, r, u, "web.admin.calendar")
	v.Page = page
	h.render(w, status, "admin_calendar", v)
}

// handleCalendarChange adds an entry to the year's own entries, or
// removes one, and saves them all (PUT replaces the year's entries: sent
// twice, it sets the same). Two admins editing one year at once: the
// later save wins, as the API's PUT says.
func (h *Handler) handleCalendarChange(w http.ResponseWriter, r *http.Request, u *user) {
	year := r.PostFormValue("year")
	page := &calendarPage{Kind: r.PostFormValue("kind"), Date: r.PostFormValue("date"), NameVi: strings.TrimSpace(r.PostFormValue("name_vi")),
		NameEn: strings.TrimSpace(r.PostFormValue("name_en")), Errors: map[string]string{}}
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) {
		page.FormError = h.t(r, "web.csrf")
		h.showCalendar(w, r, u, http.StatusForbidden, page, year)
		return
	}
	var cur calendarYear
	if _, err := strconv.Atoi(year); err != nil {
		h.renderProblem(w, r, u, &problem{Status: http.StatusNotFound, Title: h.t(r, "web.not_found")})
		return
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/calendar/" + year}, &cur); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	days, action := cur.Overrides, r.PostFormValue("action")
	if action == "remove" {
		gone := r.PostFormValue("remove")
		days = days[:0:0]
		for _, d := range cur.Overrides {
			if d.Date != gone {
				days = append(days, d)
			}
		}
	} else {
		action = "add"
		date, ok := parseDay(page.Date)
		if !ok {
			page.Errors["date"] = h.t(r, "web.launch.date_format")
			page.FormError = h.t(r, "web.task.fix")
			h.showCalendar(w, r, u, http.StatusUnprocessableEntity, page, year)
			return
		}
		// An entry for a day already listed replaces it.
		days = days[:0:0]
		for _, d := range cur.Overrides {
			if d.Date != date {
				days = append(days, d)
			}
		}
		days = append(days, calendarDay{Date: date, Kind: page.Kind, NameVi: page.NameVi, NameEn: page.NameEn})
	}
	if days == nil {
		days = []calendarDay{}
	}
	p := h.call(r, apiCall{method: http.MethodPut, path: "/api/v1/calendar/" + year, body: map[string]any{"days": days}}, nil)
	if p == nil {
		http.Redirect(w, r, "/admin/calendar?year="+year+"&done="+action, http.StatusSeeOther)
		return
	}
	var loose []string
	page.Errors, loose = formErrors(p, func(f string) string {
		// The new entry is the last of the list sent.
		if action == "add" && strings.HasPrefix(f, "days["+strconv.Itoa(len(days)-1)+"].") {
			switch name := f[strings.LastIndex(f, ".")+1:]; name {
			case "date", "kind", "name_vi", "name_en":
				return name
			}
		}
		return ""
	})
	page.FormError, page.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.showCalendar(w, r, u, p.Status, page, year)
}

// Kinds are the kinds of a calendar entry.
func (p calendarPage) Kinds() []string { return []string{"holiday", "workday"} }
