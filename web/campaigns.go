package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"dsflow/authz"
	"dsflow/models"
)

// process is a campaign (or any launched process) as the API shows it.
type process struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Template    string `json:"template"`
	RootUnitID  uint   `json:"root_unit_id"`
	Level       string `json:"level"`
	WindowStart string `json:"window_start"` // yyyy-mm-dd
	WindowEnd   string `json:"window_end"`
	Status      string `json:"status"`
}

// processDetail is GET /api/v1/campaigns/{id}.
type processDetail struct {
	process
	Steps        []processStep `json:"steps"`
	OverdueUnits []unitOverdue `json:"overdue_units"`
	Figures      figureNode    `json:"figures"`
}

type processStep struct {
	Step      string      `json:"step"`
	Title     models.Text `json:"title"`
	DueAt     time.Time   `json:"due_at"`
	Units     int         `json:"units"`
	Submitted int         `json:"submitted"`
	Share     float64     `json:"submitted_share"`
	Overdue   int         `json:"overdue"`
}

// Percent is the share of units that submitted, in whole percent.
func (s processStep) Percent() int { return int(math.Round(s.Share * 100)) }

type unitOverdue struct {
	UnitID   uint   `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Overdue  int    `json:"overdue"`
}

type figureNode struct {
	Unit     unit         `json:"unit"`
	Figures  []figure     `json:"figures"`
	Children []figureNode `json:"children"`
}

// figure is an indicator at a unit against its target.
type figure struct {
	Indicator string      `json:"indicator"`
	Title     models.Text `json:"title"`
	Unit      string      `json:"unit"`
	Rollup    string      `json:"rollup"`
	Target    *float64    `json:"target"`
	Actual    *float64    `json:"actual"`
	Percent   *float64    `json:"percent_of_target"`
	Lagging   bool        `json:"lagging"`
}

// Bar is the width class of a figure's bar: its percent of the target in
// steps of 5, at most 100 (the page's CSP allows no inline style).
func (f figure) Bar() int {
	if f.Percent == nil {
		return 0
	}
	return barOf(*f.Percent)
}

func barOf(pct float64) int {
	return int(math.Round(min(max(pct, 0), 100)/5) * 5)
}

// Bar is a step's bar class, as a figure's.
func (s processStep) Bar() int { return barOf(s.Share * 100) }

// processStatuses are the API's statuses of a process, for the filter.
var processStatuses = []string{"scheduled", "running", "completed", "cancelled"}

type campaignsPage struct {
	Items        []process
	Status, Kind string
	Statuses     []string
	Kinds        []string
	CanLaunch    bool
}

// handleCampaigns lists the campaigns the user may see, newest first.
func (h *Handler) handleCampaigns(w http.ResponseWriter, r *http.Request, u *user) {
	page := campaignsPage{Status: r.URL.Query().Get("status"), Kind: r.URL.Query().Get("kind"), Statuses: processStatuses, Kinds: models.TemplateKinds,
		CanLaunch: authz.Allowed(u.Roles, authz.LaunchProcesses)}
	q := url.Values{"limit": {"100"}}
	if slices.Contains(processStatuses, page.Status) {
		q.Set("status", page.Status)
	} else {
		page.Status = ""
	}
	if slices.Contains(models.TemplateKinds, page.Kind) {
		q.Set("kind", page.Kind)
	} else {
		page.Kind = ""
	}
	var list struct {
		Items []process `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/campaigns?" + q.Encode()}, &list); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	page.Items = list.Items
	v := h.view(w, r, u, "web.campaigns.title")
	v.Page = page
	h.render(w, http.StatusOK, "campaigns", v)
}

type campaignPage struct {
	processDetail
	Report   string // the workbook's web route
	Up, Mine string
	Launched bool
}

// handleCampaign shows a campaign's progress: per step the share of units
// that submitted, the units with overdue work, and the figures against
// targets at the user's unit (or ?unit= below it) and each unit under it.
func (h *Handler) handleCampaign(w http.ResponseWriter, r *http.Request, u *user) {
	id := r.PathValue("id")
	q := url.Values{}
	if n, err := strconv.ParseUint(r.URL.Query().Get("unit"), 10, 32); err == nil && n > 0 {
		q.Set("unit", strconv.FormatUint(n, 10))
	}
	var d processDetail
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/campaigns/" + url.PathEscape(id) + "?" + q.Encode()}, &d); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	page := campaignPage{processDetail: d, Report: "/campaigns/" + url.PathEscape(d.ID) + "/report.xlsx", Launched: r.URL.Query().Get("done") == "launch"}
	if q.Get("unit") != "" {
		page.Mine = "/campaigns/" + url.PathEscape(d.ID)
		if pid := d.Figures.Unit.ParentID; pid != nil && (u.Unit == nil || *pid != u.Unit.ID) && d.Figures.Unit.ID != d.RootUnitID {
			page.Up = page.Mine + "?unit=" + uintString(*pid)
		}
	}
	v := h.view(w, r, u, "web.campaign.title")
	v.Title = d.Name
	v.Page = page
	h.render(w, http.StatusOK, "campaign", v)
}

// handleCampaignReport passes on the campaign's XLSX report: the API's
// route wants the bearer token, which only the session cookie holds.
func (h *Handler) handleCampaignReport(w http.ResponseWriter, r *http.Request, u *user) {
	h.passFile(w, r, u, "/api/v1/campaigns/"+url.PathEscape(r.PathValue("id"))+"/report.xlsx")
}

// passFile answers with a file the API serves (a report, the minutes), as
// the user; a refusal is a page.
func (h *Handler) passFile(w http.ResponseWriter, r *http.Request, u *user, path string) {
	rec, p := h.send(r, apiCall{method: http.MethodGet, path: path})
	if p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	hd := w.Header()
	for _, k := range []string{"Content-Type", "Content-Disposition", "Content-Length", "Last-Modified"} {
		if v := rec.header.Get(k); v != "" {
			hd.Set(k, v)
		}
	}
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

// PStatus names a process status.
func (v *view) PStatus(s string) string { return v.T("web.pstatus." + s) }

// Day writes an API date (yyyy-mm-dd) as dd/mm/yyyy.
func (v *view) Day(s string) string {
	if d, err := time.Parse("2006-01-02", s); err == nil {
		return d.Format(dateLayout)
	}
	return s
}

// Fig writes a figure's number (blank when there is none).
func (v *view) Fig(f *float64) string {
	if f == nil {
		return "–"
	}
	return formatNumber(v.Lang, math.Round(*f*10)/10)
}
