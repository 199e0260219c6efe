package store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/store"
)

func change(id string, unit models.Unit, rev int, status string, due time.Time, overdue bool, event string) models.TaskChange {
	return models.TaskChange{
		Task: models.TaskState{
			TaskSpec: models.TaskSpec{ID: id, HostID: "wf-" + id, ProcessKind: models.ProcessAdHoc, ProcessID: "p1", Kind: "report",
				UnitID: unit.ID, UnitPath: unit.Path, CandidateRole: models.RoleOfficer, Title: models.Text{Vi: "Báo cáo quý I", En: "Q1 report"},
				Priority: models.PriorityNormal, DueAt: due},
			Status: status, Revision: rev, Overdue: overdue,
		},
		Event: event, At: due.Add(-time.Hour),
	}
}

// fences hands out write fences in the order writes are made, as Temporal's
// scheduling times do.
var fences atomic.Int64

// apply writes ch as an activity scheduled now would.
func apply(ctx context.Context, s *store.Store, ch models.TaskChange) (bool, error) {
	return s.ApplyTaskChange(ctx, ch, fences.Add(1))
}

func rollup(t *testing.T, s *store.Store, unit uint) map[string]int64 {
	rows, err := s.OverdueRollup(context.Background(), store.Scope{Path: "/"}, unit)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[fmt.Sprintf("%d/%s/%d", r.ChildID, r.ProcessKind, r.Bucket)] = r.N
	}
	return out
}

func TestApplyTaskChange(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		hn, lb, nl, _ := tree(t, s)
		due := time.Now().Add(-2 * time.Hour).UTC()
		steps := []models.TaskChange{
			change("t1", nl, 1, models.StatusOpen, due, false, models.EventCreated),
			change("t1", nl, 2, models.StatusOpen, due, true, models.EventOverdue),
		}
		for _, ch := range steps {
			if ok, err := apply(ctx, s, ch); err != nil || !ok {
				t.Fatalf("apply rev %d: %v %v", ch.Task.Revision, ok, err)
			}
		}
		t.Run("a replayed revision writes nothing", func(t *testing.T) {
			if ok, err := apply(ctx, s, steps[1]); err != nil || ok {
				t.Fatalf("replay: %v %v", ok, err)
			}
			ev, _ := s.TaskEvents(ctx, store.Scope{Path: nl.Path}, "t1")
			if len(ev) != 2 {
				t.Fatalf("events = %d", len(ev))
			}
		})
		t.Run("another change under a written revision, scheduled earlier, is a conflict", func(t *testing.T) {
			other := change("t1", nl, 2, models.StatusCancelled, due, false, models.EventCancelled)
			if ok, err := s.ApplyTaskChange(ctx, other, 0); ok || models.ErrorCode(err) != models.ECONFLICT {
				t.Fatalf("want a conflict, got %v %v", ok, err)
			}
			if row, _ := s.GetTask(ctx, store.Scope{Path: "/"}, "t1"); row.Status != models.StatusOpen || !row.Overdue {
				t.Fatalf("row changed: %s overdue %v", row.Status, row.Overdue)
			}
		})
		t.Run("a value the database refuses is invalid, not retryable", func(t *testing.T) {
			if s.Dialect() != store.DialectPostgres {
				return // SQLite stores NUL bytes
			}
			bad := change("t9", nl, 1, models.StatusOpen, due, false, models.EventCreated)
			bad.Task.Title.Vi = "Báo cáo\x00"
			if _, err := apply(ctx, s, bad); models.ErrorCode(err) != models.EINVALID {
				t.Fatalf("want invalid, got %v", err)
			}
		})
		t.Run("overdue counted at every ancestor", func(t *testing.T) {
			if got := rollup(t, s, hn.ID); got[fmt.Sprintf("%d/adhoc/1", lb.ID)] != 1 {
				t.Fatalf("province rollup %v", got)
			}
			if got := rollup(t, s, lb.ID); got[fmt.Sprintf("%d/adhoc/1", nl.ID)] != 1 {
				t.Fatalf("district rollup %v", got)
			}
			if got := rollup(t, s, nl.ID); got[fmt.Sprintf("%d/adhoc/1", nl.ID)] != 1 {
				t.Fatalf("ward rollup %v", got)
			}
		})
		t.Run("submitting clears the counter", func(t *testing.T) {
			ch := change("t1", nl, 3, models.StatusDone, due, true, models.EventSubmitted)
			if _, err := apply(ctx, s, ch); err != nil {
				t.Fatal(err)
			}
			if got := rollup(t, s, hn.ID); len(got) != 0 {
				t.Fatalf("rollup after done %v", got)
			}
		})
		t.Run("rebucketing moves old tasks and rebuilds counters", func(t *testing.T) {
			old := time.Now().Add(-10 * 24 * time.Hour).UTC()
			for i, ch := range []models.TaskChange{
				change("t2", nl, 1, models.StatusOpen, old, false, models.EventCreated),
				change("t2", nl, 2, models.StatusOpen, old, true, models.EventOverdue),
			} {
				if _, err := apply(ctx, s, ch); err != nil {
					t.Fatal(i, err)
				}
			}
			// Its bucket was set when it became overdue; nothing moves.
			if n, err := s.RebucketOverdue(ctx, time.Now()); err != nil || n != 0 {
				t.Fatalf("rebucket: moved %d, %v", n, err)
			}
			got := rollup(t, s, hn.ID)
			if got[fmt.Sprintf("%d/adhoc/%d", lb.ID, models.Bucket8to30)] != 1 || len(got) != 1 {
				t.Fatalf("after rebucket %v", got)
			}
			page, _, err := s.OverdueTasks(ctx, store.Scope{Path: lb.Path}, store.TaskFilter{})
			if err != nil || len(page) != 1 || page[0].ID != "t2" {
				t.Fatalf("overdue list %v %v", page, err)
			}
		})
		t.Run("audit chain verifies and detects tampering", func(t *testing.T) {
			v, err := s.VerifyAudit(ctx)
			if err != nil || !v.OK || v.Entries != 5 {
				t.Fatalf("verify: %+v %v", v, err)
			}
			db, _ := s.SQL()
			if _, err := db.Exec(`UPDATE audit_entries SET after = '{"status":"done"}' WHERE seq = 2`); err != nil {
				t.Fatal(err)
			}
			v, _ = s.VerifyAudit(ctx)
			if v.OK || v.BadSeq != 2 {
				t.Fatalf("tampering not detected: %+v", v)
			}
		})
	})
}

func TestListTasks(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, lb, nl, bd := tree(t, s)
		base := time.Date(2026, 4, 5, 10, 0, 0, 0, time.UTC)
		for i := 0; i < 5; i++ {
			u := nl
			if i%2 == 1 {
				u = bd
			}
			ch := change(fmt.Sprintf("t%d", i), u, 1, models.StatusOpen, base.Add(time.Duration(i)*time.Hour), false, models.EventCreated)
			if i == 4 {
				ch.Task.Title = models.Text{Vi: "Kế hoạch chiến dịch"}
			}
			if _, err := apply(ctx, s, ch); err != nil {
				t.Fatal(err)
			}
		}
		t.Run("pages through a subtree in due order", func(t *testing.T) {
			var ids []string
			cur := ""
			for {
				page, next, err := s.ListTasks(ctx, store.Scope{Path: lb.Path}, store.TaskFilter{Limit: 2, Cursor: cur})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range page {
					ids = append(ids, p.ID)
				}
				if next == "" {
					break
				}
				cur = next
			}
			if fmt.Sprint(ids) != "[t0 t1 t2 t3 t4]" {
				t.Fatalf("order %v", ids)
			}
		})
		t.Run("a ward sees only its own", func(t *testing.T) {
			page, _, _ := s.ListTasks(ctx, store.Scope{Path: nl.Path}, store.TaskFilter{Sort: "-due_at"})
			if len(page) != 3 || page[0].ID != "t4" {
				t.Fatalf("ward page %v", page)
			}
		})
		t.Run("text search without diacritics", func(t *testing.T) {
			page, _, _ := s.ListTasks(ctx, store.Scope{Path: lb.Path}, store.TaskFilter{Query: "ke hoach"})
			if len(page) != 1 || page[0].ID != "t4" {
				t.Fatalf("search %v", page)
			}
		})
		t.Run("bad cursor and sort are invalid", func(t *testing.T) {
			if _, _, err := s.ListTasks(ctx, store.Scope{Path: lb.Path}, store.TaskFilter{Cursor: "!!"}); models.ErrorCode(err) != models.EINVALID {
				t.Fatalf("cursor: %v", err)
			}
			if _, _, err := s.ListTasks(ctx, store.Scope{Path: lb.Path}, store.TaskFilter{Sort: "title"}); models.ErrorCode(err) != models.EINVALID {
				t.Fatalf("sort: %v", err)
			}
		})
	})
}
