package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"time"

	"dsflow/models"
)

// task is a task as the API shows it, as far as pages use it.
type task struct {
	ID            string                `json:"id"`
	Process       string                `json:"process"`
	Kind          string                `json:"kind"`
	UnitID        uint                  `json:"unit_id"`
	AssigneeID    *uint                 `json:"assignee_id"`
	CandidateRole string                `json:"candidate_role"`
	ClaimedBy     *uint                 `json:"claimed_by"`
	Title         models.Text           `json:"title"`
	Instructions  models.Text           `json:"instructions"`
	Form          models.FormSpec       `json:"form"`
	Data          map[string]any        `json:"data"`
	ContentHash   string                `json:"content_hash"`
	Priority      string                `json:"priority"`
	Status        string                `json:"status"`
	DueAt         time.Time             `json:"due_at"`
	Overdue       bool                  `json:"overdue"`
	SignOff       []models.SignOffLevel `json:"sign_off"`
	SignOffStep   int                   `json:"sign_off_step"`
	ReturnReason  string                `json:"return_reason"`
	Revision      int                   `json:"revision"`
	SubmittedAt   *time.Time            `json:"submitted_at"`
	Decisions     []models.Decision     `json:"decisions"`
	History       []event               `json:"history"`
}

type event struct {
	Event       string    `json:"event"`
	ActorID     uint      `json:"actor_id"`
	Note        string    `json:"note"`
	Attachments []string  `json:"attachment_ids"`
	At          time.Time `json:"at"`
}

type taskList struct {
	Items      []task `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// Open reports whether the task waits for its assignee.
func (t task) Open() bool { return models.AwaitsAssignee(t.Status) }

// ToClaim reports whether the task is a role's, not yet taken by anyone.
func (t task) ToClaim() bool {
	return t.Status == models.StatusOpen && t.CandidateRole != "" && t.AssigneeID == nil && t.ClaimedBy == nil
}

// statusesOf are the filter choices of My tasks and the statuses they mean.
var statusesOf = map[string]string{
	"todo":   "open,claimed,returned",
	"wait":   "submitted",
	"closed": "approved,done,cancelled",
	"all":    "",
}

// processKinds are the API's kinds of process, in the filter's order.
var processKinds = []string{"adhoc", "campaign", "briefing", "inspection", "screening", "annual_plan", "review", "data_update"}

type tasksPage struct {
	Show, Whose, Process, Q string
	Overdue                 bool
	Shows, Processes        []string
	Tasks                   []task
	Count, OverdueCount     int
	More                    string // the next page's URL
	// FromSaved: the filters are the user's saved ones; Saved says a
	// save just happened ("saved" or "cleared").
	FromSaved bool
	Saved     string
}

// handleMyTasks lists what is the user's to do: tasks given to them or
// claimed by them, and tasks for their role at their unit that nobody has
// claimed yet; overdue first. whose=unit lists the unit's subtree instead.
func (h *Handler) handleMyTasks(w http.ResponseWriter, r *http.Request, u *user) {
	q := r.URL.Query()
	fromSaved := false
	if r.URL.RawQuery == "" {
		// No filter asked for: the user's saved ones, if any.
		if saved := h.savedQuery(r); saved != nil {
			q, fromSaved = saved, true
		}
	}
	page := tasksPage{FromSaved: fromSaved, Saved: q.Get("saved"), Show: q.Get("show"), Whose: q.Get("whose"), Process: q.Get("process"), Q: q.Get("q"), Overdue: q.Get("overdue") == "1",
		Shows: []string{"todo", "wait", "closed", "all"}, Processes: processKinds}
	if page.Saved != "saved" && page.Saved != "cleared" {
		page.Saved = ""
	}
	if _, ok := statusesOf[page.Show]; !ok {
		page.Show = "todo"
	}
	if page.Whose != "unit" {
		page.Whose = "me"
	}
	if !slices.Contains(processKinds, page.Process) {
		page.Process = ""
	}
	filter := url.Values{"sort": {"due_at"}, "limit": {"100"}}
	if st := statusesOf[page.Show]; st != "" {
		filter.Set("status", st)
	}
	if page.Overdue {
		filter.Set("overdue", "true")
	}
	if page.Process != "" {
		filter.Set("process", page.Process)
	}
	if page.Q != "" {
		filter.Set("q", page.Q)
	}
	cursor := q.Get("cursor")
	main := cloneValues(filter)
	if cursor != "" {
		main.Set("cursor", cursor)
	}
	if page.Whose == "me" {
		main.Set("assignee", "me")
	} else if u.Unit != nil {
		main.Set("unit", strconv.FormatUint(uint64(u.Unit.ID), 10))
	}
	var list taskList
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/tasks?" + main.Encode()}, &list); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	tasks := list.Items
	if page.Whose == "me" && cursor == "" && (page.Show == "todo" || page.Show == "all") && u.Unit != nil {
		// What waits to be claimed by someone with the user's role at
		// the user's own unit.
		claimable := cloneValues(filter)
		claimable.Set("status", models.StatusOpen)
		claimable.Set("unit", strconv.FormatUint(uint64(u.Unit.ID), 10))
		var open taskList
		if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/tasks?" + claimable.Encode()}, &open); p != nil {
			h.renderProblem(w, r, u, p)
			return
		}
		for _, t := range open.Items {
			if t.ToClaim() && t.UnitID == u.Unit.ID && slices.Contains(u.Roles, t.CandidateRole) &&
				!slices.ContainsFunc(tasks, func(x task) bool { return x.ID == t.ID }) {
				tasks = append(tasks, t)
			}
		}
	}
	overdueFirst(tasks)
	page.Tasks, page.Count = tasks, len(tasks)
	for _, t := range tasks {
		if t.Overdue {
			page.OverdueCount++
		}
	}
	if list.NextCursor != "" {
		next := cloneValues(q)
		next.Set("cursor", list.NextCursor)
		page.More = "/tasks?" + next.Encode()
	}
	v := h.view(w, r, u, "web.tasks.title")
	v.Page = page
	h.render(w, http.StatusOK, "tasks", v)
}

// overdueFirst orders tasks: overdue ones first, then by due time.
func overdueFirst(ts []task) {
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].Overdue != ts[j].Overdue {
			return ts[i].Overdue
		}
		return ts[i].DueAt.Before(ts[j].DueAt)
	})
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}
