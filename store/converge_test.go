package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/store"
)

// TestApplyTaskChangeConverges: a revision written by a command that never
// committed (its write landed, its answer was lost, the workflow went on
// without it) is replaced by the committed lineage, with its audit entries
// voided and the counters following; an older write never replaces a newer.
func TestApplyTaskChangeConverges(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		hn, _, nl, _ := tree(t, s)
		due := time.Now().Add(-2 * time.Hour).UTC()
		officerA, officerB := uint(7), uint(8)
		claim := func(by uint, overdue bool) models.TaskChange {
			ch := change("c1", nl, 2, models.StatusClaimed, due, overdue, models.EventClaimed)
			ch.Task.ClaimedBy, ch.ActorID = &by, by
			return ch
		}
		if _, err := s.ApplyTaskChange(ctx, change("c1", nl, 1, models.StatusOpen, due, false, models.EventCreated), 100); err != nil {
			t.Fatal(err)
		}
		// The abandoned lineage: A's claim (overdue by then) and A's submission.
		orphan := claim(officerA, true)
		submitted := change("c1", nl, 3, models.StatusDone, due, false, models.EventSubmitted)
		submitted.Task.ClaimedBy, submitted.ActorID = &officerA, officerA
		submitted.Task.Data = map[string]any{"births": 3.0}
		for i, ch := range []models.TaskChange{orphan, submitted} {
			if _, err := s.ApplyTaskChange(ctx, ch, int64(200+i)); err != nil {
				t.Fatal(err)
			}
		}
		// An older write of the committed kind is refused, and changes nothing.
		if _, err := s.ApplyTaskChange(ctx, claim(officerB, false), 150); models.ErrorCode(err) != models.ECONFLICT {
			t.Fatalf("older write: want a conflict, got %v", err)
		}
		// The committed lineage: B claimed at revision 2.
		committed := claim(officerB, false)
		if ok, err := s.ApplyTaskChange(ctx, committed, 300); err != nil || !ok {
			t.Fatalf("committed write: %v %v", ok, err)
		}
		row, err := s.GetTask(ctx, store.Scope{Path: "/"}, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if row.Revision != 2 || row.Status != models.StatusClaimed || row.ClaimedBy == nil || *row.ClaimedBy != officerB || row.DataJSON != "" || row.Overdue {
			t.Fatalf("row: rev %d %s claimed %v data %q overdue %v", row.Revision, row.Status, row.ClaimedBy, row.DataJSON, row.Overdue)
		}
		events, err := s.TaskEvents(ctx, store.Scope{Path: "/"}, "c1")
		if err != nil {
			t.Fatal(err)
		}
		var evs []string
		for _, e := range events {
			evs = append(evs, fmt.Sprintf("%s@%d by %d", e.Event, e.Revision, e.ActorID))
		}
		if want := []string{"created@1 by 0", fmt.Sprintf("claimed@2 by %d", officerB)}; !slices.Equal(evs, want) {
			t.Fatalf("events %v, want %v", evs, want)
		}
		if got := rollup(t, s, hn.ID); len(got) != 0 {
			t.Fatalf("the orphan's overdue count stayed: %v", got)
		}
		// The audit keeps every entry (it is a chain) and voids the orphans'.
		entries, err := s.ListAudit(ctx, store.Scope{Path: "/"}, store.AuditFilter{EntityType: store.EntityTask, EntityID: "c1"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		voided := map[int64]bool{}
		for _, e := range entries {
			actions = append(actions, e.Action)
			if e.Action == store.ActionRevisionVoid {
				var v struct {
					Seq int64 `json:"voids_seq"`
				}
				if err := json.Unmarshal([]byte(e.After), &v); err != nil {
					t.Fatal(err)
				}
				voided[v.Seq] = true
			}
		}
		want := []string{"task.created", "task.claimed", "task.submitted", store.ActionRevisionVoid, store.ActionRevisionVoid, "task.claimed"}
		if !slices.Equal(actions, want) {
			t.Fatalf("audit %v, want %v", actions, want)
		}
		if !voided[entries[1].Seq] || !voided[entries[2].Seq] || len(voided) != 2 {
			t.Fatalf("voided %v, want the entries of the orphan revisions %d and %d", voided, entries[1].Seq, entries[2].Seq)
		}
		if v, err := s.VerifyAudit(ctx); err != nil || !v.OK {
			t.Fatalf("verify: %+v %v", v, err)
		}
		t.Run("the same change again writes nothing", func(t *testing.T) {
			if ok, err := s.ApplyTaskChange(ctx, committed, 400); err != nil || ok {
				t.Fatalf("repeat: %v %v", ok, err)
			}
		})
		t.Run("a later submission keeps its data; replacing it restores the earlier data", func(t *testing.T) {
			sub := func(rev int, births float64) models.TaskChange {
				ch := change("c1", nl, rev, models.StatusSubmitted, due, false, models.EventSubmitted)
				ch.Task.ClaimedBy, ch.ActorID = &officerB, officerB
				ch.Task.Data = map[string]any{"births": births}
				return ch
			}
			ret := change("c1", nl, 4, models.StatusReturned, due, false, models.EventReturned)
			ret.Task.ClaimedBy = &officerB
			for i, ch := range []models.TaskChange{sub(3, 1), ret, sub(5, 2)} {
				if _, err := s.ApplyTaskChange(ctx, ch, int64(500+i)); err != nil {
					t.Fatal(err)
				}
			}
			comment := change("c1", nl, 5, models.StatusReturned, due, false, models.EventCommented)
			comment.Task.ClaimedBy = &officerB
			if _, err := s.ApplyTaskChange(ctx, comment, 600); err != nil {
				t.Fatal(err)
			}
			row, _ := s.GetTask(ctx, store.Scope{Path: "/"}, "c1")
			if row.Revision != 5 || row.Status != models.StatusReturned || row.DataJSON != `{"births":1}` {
				t.Fatalf("row after replacing the second submission: rev %d %s data %s", row.Revision, row.Status, row.DataJSON)
			}
		})
	})
}

// TestCreateTasks: a batch writes hosts, rows, created events and audit
// entries at once; written again it adds nothing; a host adopts its rows
// with each distinct form once.
func TestCreateTasks(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, nl, bd := tree(t, s)
		plan := models.FormSpec{Fields: []models.FormField{{Name: "plan", Type: models.FieldFile, Label: models.Text{Vi: "Kế hoạch"}}}}
		figures := models.FormSpec{Fields: []models.FormField{{Name: "births", Type: models.FieldCount, Label: models.Text{Vi: "Số sinh"}}}}
		at := time.Date(2026, 5, 1, 1, 0, 0, 0, time.UTC)
		task := func(id string, u models.Unit, form models.FormSpec, n int) models.TaskState {
			ch := change(id, u, 1, models.StatusOpen, at.Add(time.Duration(n)*24*time.Hour), false, models.EventCreated)
			ch.Task.HostID, ch.Task.Form, ch.Task.CreatedBy = "host-"+u.Name, form, 3
			ch.Task.Escalation = models.Escalation{RemindDaysBefore: []int{2}, EscalateAfterDays: 3}
			return ch.Task
		}
		batch := store.TaskBatch{
			Hosts: []models.TaskHost{
				{ID: "host-" + nl.Name, WorkflowType: models.WorkflowAdHoc, InputJSON: "{}", ProcessKind: models.ProcessCampaign, ProcessID: "camp1"},
				{ID: "host-" + bd.Name, WorkflowType: models.WorkflowAdHoc, InputJSON: "{}", ProcessKind: models.ProcessCampaign, ProcessID: "camp1"},
			},
			Tasks: []models.TaskState{task("b1", nl, plan, 1), task("b2", nl, figures, 2), task("b3", nl, plan, 3), task("b4", bd, plan, 1)},
			At:    at,
		}
		if n, err := s.CreateTasks(ctx, batch); err != nil || n != 4 {
			t.Fatalf("create: %d %v", n, err)
		}
		if n, err := s.CreateTasks(ctx, batch); err != nil || n != 0 {
			t.Fatalf("again: %d %v", n, err)
		}
		// A batch the caller starts itself lists its hosts as pending until
		// their start is confirmed; written again it lists none twice.
		if pending, err := s.PendingHostStarts(ctx, at.Add(time.Hour), 10); err != nil || len(pending) != 0 {
			t.Fatalf("pending without StartPending: %+v %v", pending, err)
		}
		own := store.TaskBatch{At: at, StartPending: true, Hosts: []models.TaskHost{
			{ID: "host-own-1", WorkflowType: models.WorkflowAdHoc, InputJSON: "{}", ProcessKind: models.ProcessAdHoc, ProcessID: "host-own-1"},
			{ID: "host-own-2", WorkflowType: models.WorkflowAdHoc, InputJSON: "{}", ProcessKind: models.ProcessAdHoc, ProcessID: "host-own-2"}}}
		for range 2 {
			if _, err := s.CreateTasks(ctx, own); err != nil {
				t.Fatal(err)
			}
		}
		pendingIDs := func(before time.Time) []string {
			t.Helper()
			hosts, err := s.PendingHostStarts(ctx, before, 10)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, h := range hosts {
				ids = append(ids, h.ID)
				if h.WorkflowType != models.WorkflowAdHoc || h.InputJSON != "{}" {
					t.Errorf("pending host %+v", h)
				}
			}
			return ids
		}
		if got := pendingIDs(at); len(got) != 0 {
			t.Fatalf("pending before they were written: %v", got)
		}
		if got := pendingIDs(at.Add(time.Second)); !slices.Equal(got, []string{"host-own-1", "host-own-2"}) {
			t.Fatalf("pending: %v", got)
		}
		if err := s.HostStarted(ctx, "host-own-1"); err != nil {
			t.Fatal(err)
		}
		if got := pendingIDs(at.Add(time.Second)); !slices.Equal(got, []string{"host-own-2"}) {
			t.Fatalf("pending after one started: %v", got)
		}
		ht, err := s.LoadHostTasks(ctx, "host-"+nl.Name)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, st := range ht.Tasks {
			ids = append(ids, st.ID)
			if len(st.Form.Fields) > 0 || st.Revision != 1 || st.Escalation.EscalateAfterDays != 3 {
				t.Errorf("%s: form %v rev %d escalation %+v", st.ID, st.Form, st.Revision, st.Escalation)
			}
		}
		if !slices.Equal(ids, []string{"b1", "b2", "b3"}) || len(ht.Forms) != 2 || !slices.Equal(ht.FormOf, []int{0, 1, 0}) {
			t.Fatalf("host tasks %v forms %d form_of %v", ids, len(ht.Forms), ht.FormOf)
		}
		if ht.Forms[1].Fields[0].Name != "births" {
			t.Fatalf("forms %+v", ht.Forms)
		}
		h, err := s.GetHost(ctx, "host-"+bd.Name)
		if err != nil || h.WorkflowType != models.WorkflowAdHoc || h.ProcessID != "camp1" {
			t.Fatalf("host %+v %v", h, err)
		}
		if _, err := s.GetHost(ctx, "nope"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatalf("unknown host: %v", err)
		}
		entries, err := s.ListAudit(ctx, store.Scope{Path: "/"}, store.AuditFilter{EntityType: store.EntityTask})
		if err != nil || len(entries) != 4 {
			t.Fatalf("audit entries %d %v", len(entries), err)
		}
		if v, err := s.VerifyAudit(ctx); err != nil || !v.OK {
			t.Fatalf("verify: %+v %v", v, err)
		}
		// A host's first command converges with the bulk write: the created
		// revision is not written twice, and the next one follows it.
		claim := change("b1", nl, 2, models.StatusClaimed, at.Add(24*time.Hour), false, models.EventClaimed)
		claim.Task.HostID, claim.Task.CreatedBy, claim.Task.Escalation = "host-"+nl.Name, 3, batch.Tasks[0].Escalation
		if _, err := apply(ctx, s, claim); err != nil {
			t.Fatal(err)
		}
		row, _ := s.GetTask(ctx, store.Scope{Path: "/"}, "b1")
		if row.Revision != 2 || row.FormJSON == "" {
			t.Fatalf("row after a command: rev %d form %q", row.Revision, row.FormJSON)
		}
	})
}
