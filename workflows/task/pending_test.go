package task

import (
	"testing"
	"time"

	"dsflow/models"
)

func TestPending(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	base := func() models.TaskState {
		var s models.TaskState
		s.UnitPath, s.Status, s.DueAt = "/1/5/77/", models.StatusOpen, t0.Add(10*day)
		s.Escalation = models.Escalation{RemindDaysBefore: []int{3, 0, 1, 3}, EscalateAfterDays: 2, EscalateUpAfterDays: 3}
		return s
	}
	type want struct {
		kind timerKind
		n    int
		at   time.Duration // after t0
	}
	cases := []struct {
		name string
		mod  func(*models.TaskState, *models.TaskTimers)
		want []want
	}{
		{"fresh", nil, []want{{timerRemind, 3, 7 * day}, {timerRemind, 1, 9 * day}, {timerOverdue, 0, 10 * day}}},
		{"reminder sent", func(_ *models.TaskState, ts *models.TaskTimers) { ts.RemindFrom = t0.Add(8 * day) },
			[]want{{timerRemind, 1, 9 * day}, {timerOverdue, 0, 10 * day}}},
		{"submitted", func(s *models.TaskState, _ *models.TaskTimers) { s.Status = models.StatusSubmitted }, nil},
		{"overdue", func(s *models.TaskState, ts *models.TaskTimers) { s.Overdue, ts.RemindFrom = true, t0.Add(10*day) },
			[]want{{timerEscalate, 1, 12 * day}}},
		{"level 1 late", func(s *models.TaskState, ts *models.TaskTimers) {
			s.Overdue, s.EscalationLevel, ts.RemindFrom, ts.EscalatedAt = true, 1, t0.Add(13*day), t0.Add(13*day)
		}, []want{{timerEscalate, 2, 16 * day}}},
		{"level 1 unknown time", func(s *models.TaskState, ts *models.TaskTimers) {
			s.Overdue, s.EscalationLevel, ts.RemindFrom = true, 1, t0.Add(13*day)
		}, []want{{timerEscalate, 2, 15 * day}}},
		{"no parent", func(s *models.TaskState, ts *models.TaskTimers) {
			s.UnitPath, s.Overdue, s.EscalationLevel, ts.RemindFrom = "/1/", true, 1, t0.Add(13*day)
		}, nil},
		{"cancelled", func(s *models.TaskState, _ *models.TaskTimers) { s.Status = models.StatusCancelled }, nil},
		{"returned after the due time", func(s *models.TaskState, ts *models.TaskTimers) {
			s.Overdue, ts.RemindFrom, ts.EscalateFrom = true, t0.Add(20*day), t0.Add(20*day)
		}, []want{{timerEscalate, 1, 22 * day}}},
		{"returned after the due time, level 1 unknown time", func(s *models.TaskState, ts *models.TaskTimers) {
			s.Overdue, s.EscalationLevel, ts.RemindFrom, ts.EscalateFrom = true, 1, t0.Add(23*day), t0.Add(20*day)
		}, []want{{timerEscalate, 2, 25 * day}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, ts := base(), models.TaskTimers{RemindFrom: t0}
			if c.mod != nil {
				c.mod(&s, &ts)
			}
			got := pending(&s, ts)
			if len(got) != len(c.want) {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
			for i, w := range c.want {
				if got[i].kind != w.kind || got[i].n != w.n || !got[i].at.Equal(t0.Add(w.at)) {
					t.Errorf("event %d: got %+v, want %+v", i, got[i], w)
				}
			}
		})
	}
}
