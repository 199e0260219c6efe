package task

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

// ShouldContinueAsNew reports whether the host should hand its tasks to a
// new run: the server suggests it, or this run's history or Update count
// nears the engine's bounds (Options.MaxHistoryEvents, MaxUpdates), well
// before Temporal's hard limits.
func (e *Engine) ShouldContinueAsNew(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	return info.GetContinueAsNewSuggested() || info.GetCurrentHistoryLength() >= e.opts.MaxHistoryEvents ||
		e.updates >= e.opts.MaxUpdates
}

// Drain prepares a continue-as-new: it refuses new commands (CodeDraining,
// which the API retries onto the next run), waits until no command, timer
// change, creation or adoption is under way, and returns what the next run
// resumes from. Notifications still in flight are carried and sent again by
// the next run (delivery is idempotent by key).
func (e *Engine) Drain(ctx workflow.Context) (models.HostCarry, error) {
	e.draining = true
	if err := workflow.Await(ctx, func() bool { return e.idle(ctx) }); err != nil {
		return models.HostCarry{}, fmt.Errorf("task engine: drain: %w", err)
	}
	return e.export(), nil
}

// export is the engine's state for the next run: open tasks in order
// without their forms (each distinct form once), the IDs of terminal and
// broken tasks (they take no more commands), the pending notices and the
// remembered commands.
func (e *Engine) export() models.HostCarry {
	out := models.HostCarry{Closed: slices.Clone(e.closedOrder)}
	forms := map[string]int{}
	for _, id := range e.order {
		ent := e.tasks[id]
		if ent.broken != nil || models.Terminal(ent.state.Status) {
			out.Closed = append(out.Closed, id)
			continue
		}
		st := ent.state
		form := -1
		if len(st.Form.Fields) > 0 {
			key := formKey(st.Form)
			i, ok := forms[key]
			if !ok {
				i = len(out.Forms)
				out.Forms = append(out.Forms, st.Form)
				forms[key] = i
			}
			form = i
		}
		st.Form, st.Data = models.FormSpec{}, nil
		out.Tasks = append(out.Tasks, models.CarriedTask{State: st, FormOf: form, Timers: ent.timers})
	}
	for _, k := range sortedKeys(e.notices) {
		out.Notices = append(out.Notices, e.notices[k])
	}
	for _, id := range e.doneOrder {
		out.Done = append(out.Done, models.DoneUpdate{ID: id, Result: e.done[id]})
	}
	return out
}

// Resume restores the tasks a previous run exported (Drain) into a new engine: their timers
// run again from what they remembered and undelivered notifications are
// sent again. It does not block.
func (e *Engine) resume(ctx workflow.Context, c models.HostCarry) {
	for _, ct := range c.Tasks {
		if _, ok := e.tasks[ct.State.ID]; ok {
			continue
		}
		st := ct.State
		if ct.FormOf >= 0 && ct.FormOf < len(c.Forms) {
			st.Form = c.Forms[ct.FormOf]
		}
		ent := e.put(ctx, st, ct.Timers)
		ent.created = true
		e.reschedule(ent)
	}
	for _, id := range c.Closed {
		if _, ok := e.closed[id]; !ok {
			e.closed[id] = true
			e.closedOrder = append(e.closedOrder, id)
		}
	}
	for _, d := range c.Done {
		e.remember(d.ID, d.Result)
	}
	for _, n := range c.Notices {
		e.deliver(ctx, n)
	}
}

// Serve runs a host's tasks until every one is terminal (then it returns
// nil once nothing is under way) or the host should continue as new (then
// it drains and returns the continue-as-new error that next builds from the
// carried state). A host whose tasks are all known calls it last.
func (e *Engine) Serve(ctx workflow.Context, next func(models.HostCarry) error) error {
	finished := func() bool { return e.AllTerminal() && (e.opts.KeepOpen == nil || !e.opts.KeepOpen()) }
	if err := workflow.Await(ctx, func() bool { return finished() || e.ShouldContinueAsNew(ctx) }); err != nil {
		return fmt.Errorf("task engine: serve: %w", err)
	}
	if finished() {
		return e.Wait(ctx)
	}
	carry, err := e.Drain(ctx)
	if err != nil {
		return err
	}
	return next(carry)
}

// formKey identifies a form for de-duplication: every field of it, quoted,
// in order (encoding/json would do, but workflowcheck cannot tell its
// reflection from non-determinism).
func formKey(f models.FormSpec) string {
	var b strings.Builder
	for _, fd := range f.Fields {
		for _, v := range []string{fd.Name, fd.Type, fd.Label.Vi, fd.Label.En, strconv.FormatBool(fd.Required), fd.Unit,
			floatKey(fd.Min), floatKey(fd.Max), strconv.Itoa(fd.MaxLen), strings.Join(fd.Choices, "\x00")} {
			b.WriteString(strconv.Quote(v))
		}
		b.WriteByte(';')
	}
	for _, r := range f.Rules {
		b.WriteString(strconv.Quote(r.Left) + strconv.Quote(r.Op) + strconv.Quote(r.Right) + ";")
	}
	return b.String()
}

func floatKey(f *float64) string {
	if f == nil {
		return "-"
	}
	return strconv.FormatFloat(*f, 'g', -1, 64)
}
