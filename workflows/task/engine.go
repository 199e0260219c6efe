package task

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

// Options tune an Engine. The zero value is usable: every zero field takes
// the default documented on it.
type Options struct {
	// WriteTimeout bounds one attempt of the ApplyTaskChange activity
	// (default 10 s).
	WriteTimeout time.Duration
	// CommandWriteFor bounds all attempts of a command's write, retried
	// with backoff (200 ms doubling to 5 s), so a briefly unavailable
	// database does not fail a command (default 20 s: inside the API's 30 s
	// wait). A command whose write still fails changes nothing and fails
	// with "unavailable". Automatic changes (creation, overdue, escalation,
	// a host's cancellation) are retried until they land.
	CommandWriteFor time.Duration
	// NotifyFor bounds the retries of one notification (default 24 h); the
	// retries back off from 1 s to 5 min.
	NotifyFor time.Duration
	// MaxHistoryEvents and MaxUpdates make ShouldContinueAsNew true before
	// Temporal's own limits (51,200 events, 2,000 Updates a run) come near
	// (defaults 8,000 and 1,000), besides the server's own suggestion.
	MaxHistoryEvents int
	MaxUpdates       int
	// KeepOpen, if set, keeps Serve from ending while it returns true even
	// when every task is terminal (an inspection before its minutes are
	// signed: the remediation tasks are still to come). It must be
	// deterministic.
	KeepOpen func() bool
	// OnChange, if set, is called with every committed revision, in order,
	// from workflow code: hosts use it to consolidate (a campaign's
	// figures). It must be deterministic and must not block.
	OnChange func(models.TaskState)
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.WriteTimeout, 10*time.Second)
	def(&o.CommandWriteFor, 20*time.Second)
	def(&o.NotifyFor, 24*time.Hour)
	if o.MaxHistoryEvents <= 0 {
		o.MaxHistoryEvents = 8000
	}
	if o.MaxUpdates <= 0 {
		o.MaxUpdates = 1000
	}
	return o
}

// Engine is the task state machine hosted by a workflow: it holds the
// workflow's tasks, answers their commands (Updates) and runs their timers.
// All of its methods must be called from the workflow that created it.
type Engine struct {
	opts  Options
	tasks map[string]*entry
	order []string // task IDs in the order they were added
	// loading is set until adoption has read the host's tasks: a command
	// for a task not known yet waits instead of being refused, and wanted
	// asks a deferred adoption to happen now.
	loading bool
	wanted  bool
	// draining is set while the host prepares to continue as new: new
	// commands are refused with CodeDraining, which the API retries.
	draining bool
	// notices are notifications not delivered yet, by key.
	notices map[string]models.NotifyRequest
	// done remembers completed commands by Update ID (this run's and the
	// ones carried over), in doneOrder, bounded by maxDone.
	done      map[string]models.CommandResult
	doneOrder []string
	updates   int // Updates this run accepted
	// closed are tasks that ended in an earlier run (carried as IDs).
	closed      map[string]bool
	closedOrder []string
	// wake tells the timer loop an event came nearer than target, the
	// time it sleeps until (zero: no event pending).
	wake   bool
	target time.Time
}

// maxDone bounds the commands remembered for retries that arrive after a
// continue-as-new: an Idempotency-Key's first answer is also kept by the
// API for a day, so only a retry racing the API's own record needs this.
const maxDone = 500

// entry is one task and the engine's bookkeeping for it.
type entry struct {
	state models.TaskState
	// created is set once the created revision is in the read model;
	// commands wait for it.
	created bool
	// broken is why the created revision was refused: the task takes no
	// commands, and the other tasks of the host go on.
	broken *models.Error
	// mu serialises the task's changes: a command re-checks its rules under
	// it, so of two racing commands exactly one wins. Commands on other
	// tasks of the host do not wait for it.
	mu     workflow.Mutex
	timers models.TaskTimers
	// nextAt is when the task's next timer event is due (zero: none);
	// firing is set while its events run.
	nextAt time.Time
	firing bool
}

// Start is what a host's engine begins with: the tasks of a continued run
// (Carry), the tasks written in bulk before the host started (Adopt), or
// tasks to create (Tasks). They are taken before the Update handlers are
// registered, because the SDK runs an Update that came with the start
// (Update-with-Start) as soon as its handler exists.
type Start struct {
	Carry *models.HostCarry
	Adopt bool
	// AdoptAt, with Adopt, puts the adoption off until then (the first
	// timer event any of the host's tasks can have) or until a command
	// arrives: a national launch then starts 3,000 hosts without reading a
	// task, and each reads its own when it first has something to do.
	AdoptAt time.Time
	Tasks   []models.TaskSpec
}

// New creates an engine in the calling workflow, takes its start tasks and
// registers the query models.QueryTasks and the Update handlers of every
// task command. Call it before the workflow first blocks. Tasks added
// later with Add are found by later commands.
func New(ctx workflow.Context, opts Options, start Start) (*Engine, error) {
	e := &Engine{opts: opts.withDefaults(), tasks: map[string]*entry{}, notices: map[string]models.NotifyRequest{},
		done: map[string]models.CommandResult{}, closed: map[string]bool{}}
	workflow.Go(ctx, e.schedule)
	if start.Carry != nil {
		e.resume(ctx, *start.Carry)
	}
	if start.Adopt {
		e.adopt(ctx, start.AdoptAt)
	}
	for _, s := range start.Tasks {
		if err := e.Add(ctx, s); err != nil {
			return nil, err
		}
	}
	if err := workflow.SetQueryHandler(ctx, models.QueryTasks, func() ([]models.TaskState, error) {
		return e.Tasks(), nil
	}); err != nil {
		return nil, fmt.Errorf("task engine: register query: %w", err)
	}
	for i := range ops {
		if err := e.register(ctx, &ops[i]); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Add creates a task from spec: status open, revision 1, HostID this
// workflow's ID unless set. The task is known, and accepts commands, as soon
// as Add returns; in a coroutine of its own the engine then writes the
// created revision with its form (retrying until it lands), notifies
// whoever owes the work and starts the task's timers. Commands wait for that
// write, so the read model always sees revision 1 first; a creation the
// read model refuses leaves that task broken and the others working. Adding
// an ID the engine already holds does nothing, so a host may replay its
// plan.
func (e *Engine) Add(ctx workflow.Context, spec models.TaskSpec) error {
	if spec.ID == "" {
		return fmt.Errorf("task engine: add: %w", invalid("id", "required", ""))
	}
	if _, ok := e.tasks[spec.ID]; ok {
		return nil
	}
	if spec.HostID == "" {
		spec.HostID = workflow.GetInfo(ctx).WorkflowExecution.ID
	}
	now := workflow.Now(ctx)
	ent := e.put(ctx, models.TaskState{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: now},
		models.TaskTimers{RemindFrom: now})
	workflow.Go(ctx, func(ctx workflow.Context) { e.create(ctx, ent) })
	return nil
}

// put registers a task with the engine.
func (e *Engine) put(ctx workflow.Context, st models.TaskState, timers models.TaskTimers) *entry {
	ent := &entry{state: st, timers: timers, mu: workflow.NewMutex(ctx)}
	e.tasks[st.ID] = ent
	e.order = append(e.order, st.ID)
	return ent
}

// create writes a task's created revision, then notifies and starts the
// task's timers.
func (e *Engine) create(ctx workflow.Context, ent *entry) {
	st := ent.state
	err := e.write(ctx, models.TaskChange{Task: st, Event: models.EventCreated, ActorID: st.CreatedBy, At: st.UpdatedAt}, true)
	if err != nil {
		ent.broken = brokenError(err)
		workflow.GetLogger(ctx).Error("task creation refused", "task", st.ID, "error", err)
		return
	}
	e.started(ctx, ent, true)
}

// started marks a task's created revision as written: commands may go on,
// whoever owes the work hears of it (unless announce is false: its batch
// told them), and its timers run.
func (e *Engine) started(ctx workflow.Context, ent *entry, announce bool) {
	ent.created = true
	if e.opts.OnChange != nil {
		e.opts.OnChange(ent.state)
	}
	if announce && ent.state.Revision == 1 {
		e.send(ctx, ent.state, "r1", []notice{{models.NotifyAssigned, owes(&ent.state)}})
	}
	e.reschedule(ent)
}

// adopt takes over the tasks written in bulk for this host before it
// started (models.ActivityLoadHostTasks, retried until it answers), at once
// or at at, whichever a first command does not bring forward. It does not
// block: commands that arrive meanwhile wait for it.
func (e *Engine) adopt(ctx workflow.Context, at time.Time) {
	e.loading = true
	hostID := workflow.GetInfo(ctx).WorkflowExecution.ID
	workflow.Go(ctx, func(ctx workflow.Context) {
		defer func() { e.loading = false }()
		if wait := at.Sub(workflow.Now(ctx)); wait > 0 {
			if _, err := workflow.AwaitWithTimeout(ctx, wait, func() bool { return e.wanted }); err != nil {
				return
			}
		}
		var ht models.HostTasks
		if err := workflow.ExecuteActivity(systemActivity(ctx, e.opts), models.ActivityLoadHostTasks, hostID).Get(ctx, &ht); err != nil {
			workflow.GetLogger(ctx).Error("host tasks not loaded", "host", hostID, "error", err)
			return
		}
		now := workflow.Now(ctx)
		for i, st := range ht.Tasks {
			if _, ok := e.tasks[st.ID]; ok {
				continue
			}
			if i < len(ht.FormOf) && ht.FormOf[i] >= 0 && ht.FormOf[i] < len(ht.Forms) {
				st.Form = ht.Forms[ht.FormOf[i]]
			}
			e.started(ctx, e.put(ctx, st, models.TaskTimers{RemindFrom: now}), !ht.Announced)
		}
	})
}

// Adopted reports whether the tasks written for this host before it
// started are all known (true when it adopts none).
func (e *Engine) Adopted() bool { return !e.loading }

// AdoptNow brings a deferred adoption forward (a host about to act on all
// its tasks, say to cancel them).
func (e *Engine) AdoptNow() { e.wanted = true }

// Cancel cancels a task for its host process (the System actor): a process
// that ends or no longer needs the task. Cancelling a terminal task does
// nothing; an unknown ID is ENOTFOUND.
func (e *Engine) Cancel(ctx workflow.Context, taskID, reason string) error {
	ent, err := e.ready(ctx, taskID)
	if err != nil {
		return fmt.Errorf("task engine: cancel: %w", err)
	}
	if err := ent.mu.Lock(ctx); err != nil {
		return fmt.Errorf("task engine: cancel %s: %w", taskID, err)
	}
	defer ent.mu.Unlock()
	if models.Terminal(ent.state.Status) {
		return nil
	}
	_, err = e.commit(ctx, ent, rev{
		event: models.EventCancelled, note: reason, system: true,
		apply: func(t *models.TaskState, now time.Time) []notice { return applyCancel(t, nil, now) },
	})
	return err
}

// Written reports whether a task's created revision is in the read model
// (or its creation was refused: it is broken), so a host can answer a
// command that added tasks once people can see them.
func (e *Engine) Written(taskID string) bool {
	ent, ok := e.tasks[taskID]
	return ok && (ent.created || ent.broken != nil)
}

// Tasks returns the tasks in the order they were added.
func (e *Engine) Tasks() []models.TaskState {
	out := make([]models.TaskState, 0, len(e.order))
	for _, id := range e.order {
		out = append(out, e.tasks[id].state)
	}
	return out
}

// AllTerminal reports whether every task is approved, done, cancelled or
// broken (true when there are none, once adoption is over).
func (e *Engine) AllTerminal() bool {
	if e.loading {
		return false
	}
	for _, id := range e.order {
		ent := e.tasks[id]
		if ent.broken == nil && !models.Terminal(ent.state.Status) {
			return false
		}
	}
	return true
}

// idle reports whether nothing is under way: no command or timer holds a
// task, every created revision is written and every Update handler has
// returned.
func (e *Engine) idle(ctx workflow.Context) bool {
	if e.loading || !workflow.AllHandlersFinished(ctx) {
		return false
	}
	for _, id := range e.order {
		ent := e.tasks[id]
		if ent.mu.IsLocked() || ent.firing || (!ent.created && ent.broken == nil) {
			return false
		}
	}
	return true
}

// Wait blocks until every task is terminal, every notification has been
// delivered or given up and every Update handler has finished, so the host
// may complete without cutting anything off.
func (e *Engine) Wait(ctx workflow.Context) error {
	err := workflow.Await(ctx, func() bool {
		return e.AllTerminal() && len(e.notices) == 0 && e.idle(ctx)
	})
	if err != nil {
		return fmt.Errorf("task engine: wait: %w", err)
	}
	return nil
}

// find returns the task with ID id, or ENOTFOUND.
func (e *Engine) find(id string) (*entry, *models.Error) {
	if id == "" {
		return nil, invalid("task_id", "required", "")
	}
	ent, ok := e.tasks[id]
	if !ok {
		if e.closed[id] {
			return nil, &models.Error{Code: models.ECONFLICT, Key: "error.task_closed", Detail: "task " + id + " ended in an earlier run"}
		}
		return nil, models.NotFound("task " + id)
	}
	return ent, nil
}

// ready waits until the task is known (adoption over) and its created
// revision is written, and returns it; a broken task returns why.
func (e *Engine) ready(ctx workflow.Context, id string) (*entry, error) {
	e.wanted = true
	if err := workflow.Await(ctx, func() bool { return !e.loading }); err != nil {
		return nil, fmt.Errorf("await host tasks: %w", err)
	}
	ent, merr := e.find(id)
	if merr != nil {
		return nil, merr
	}
	if err := workflow.Await(ctx, func() bool { return ent.created || ent.broken != nil }); err != nil {
		return nil, fmt.Errorf("await task %s: %w", id, err)
	}
	if ent.broken != nil {
		return nil, ent.broken
	}
	return ent, nil
}
