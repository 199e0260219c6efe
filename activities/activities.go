// Package activities is where dsflow's workflows act on the world: they
// write the read model, deliver notifications and keep the overdue
// counters fresh. Every activity is idempotent, because Temporal retries.
package activities

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"

	"dsflow/hoststart"
	"dsflow/i18n"
	"dsflow/models"
	"dsflow/notify"
	"dsflow/store"
)

// reuseRejectDuplicate never starts a finished host again: its tasks are
// closed.
const reuseRejectDuplicate = enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE

// Sender delivers a notification over one channel (e-mail, webhook).
type Sender interface {
	Send(ctx context.Context, m notify.Message) error
}

// Activities holds the dependencies of every activity.
type Activities struct {
	Store  *store.Store
	Logger *slog.Logger
	// Email and Webhook are optional channels besides the in-app inbox.
	Email   Sender
	Webhook Sender
	Now     func() time.Time
	// Temporal lets activities signal workflows (a cancelled process's
	// unit hosts).
	Temporal client.Client
	// AfterApply, if set, runs after each ApplyTaskChange has committed and
	// its error becomes the activity's: tests use it to lose the answer of
	// a write that committed (a timeout after commit).
	AfterApply func(context.Context, models.TaskChange) error
}

// Register registers the activities under the names workflows call them by.
func (a *Activities) Register(r worker.Registry) {
	r.RegisterActivityWithOptions(a.ApplyTaskChange, activity.RegisterOptions{Name: models.ActivityApplyTaskChange})
	r.RegisterActivityWithOptions(a.Notify, activity.RegisterOptions{Name: models.ActivityNotify})
	r.RegisterActivityWithOptions(a.LoadHostTasks, activity.RegisterOptions{Name: models.ActivityLoadHostTasks})
	r.RegisterActivityWithOptions(a.PlanProcess, activity.RegisterOptions{Name: models.ActivityPlanProcess})
	r.RegisterActivityWithOptions(a.PrepareUnits, activity.RegisterOptions{Name: models.ActivityPrepareUnits})
	r.RegisterActivityWithOptions(a.SetProcessStatus, activity.RegisterOptions{Name: models.ActivitySetProcessStatus})
	r.RegisterActivityWithOptions(a.CancelProcessUnits, activity.RegisterOptions{Name: models.ActivityCancelProcessUnit})
	r.RegisterActivityWithOptions(a.StartPeriod, activity.RegisterOptions{Name: models.ActivityStartPeriod})
	r.RegisterActivityWithOptions(a.RebucketOverdue, activity.RegisterOptions{Name: models.ActivityRebucketOverdue})
	r.RegisterActivityWithOptions(a.PurgeExpired, activity.RegisterOptions{Name: models.ActivityPurgeExpired})
	r.RegisterActivityWithOptions(a.SignMinutes, activity.RegisterOptions{Name: models.ActivitySignMinutes})
	r.RegisterActivityWithOptions(a.CloseInspection, activity.RegisterOptions{Name: models.ActivityCloseInspection})
	r.RegisterActivityWithOptions(a.LoadCase, activity.RegisterOptions{Name: models.ActivityLoadCase})
	r.RegisterActivityWithOptions(a.AdvanceCase, activity.RegisterOptions{Name: models.ActivityAdvanceCase})
	r.RegisterActivityWithOptions(a.TransferCase, activity.RegisterOptions{Name: models.ActivityTransferCase})
}

// ApplyTaskChange writes one revision of a task to the read model (and its
// audit entry and overdue counters) in one transaction. The write is fenced
// by when Temporal scheduled this activity: a revision written by an
// earlier activity whose command never committed is replaced, a retry of
// this one writes nothing, and a late write of an abandoned attempt is
// refused (see store.ApplyTaskChange).
func (a *Activities) ApplyTaskChange(ctx context.Context, ch models.TaskChange) error {
	fence := activity.GetInfo(ctx).ScheduledTime.UnixNano()
	if _, err := a.Store.ApplyTaskChange(ctx, ch, fence); err != nil {
		if code := models.ErrorCode(err); code == models.EINVALID || code == models.ECONFLICT {
			// Refused for what it is, not for a passing fault: no retry.
			return temporal.NewNonRetryableApplicationError("apply task change", code, err)
		}
		return fmt.Errorf("apply task change: %w", err)
	}
	if a.AfterApply != nil {
		return a.AfterApply(ctx, ch)
	}
	return nil
}

// LoadHostTasks returns the tasks written in bulk for a host workflow
// before it started, for the host to adopt.
func (a *Activities) LoadHostTasks(ctx context.Context, hostID string) (models.HostTasks, error) {
	ht, err := a.Store.LoadHostTasks(ctx, hostID)
	if err != nil {
		return ht, fmt.Errorf("load host tasks: %w", err)
	}
	return ht, nil
}

// RebucketOverdue moves overdue tasks into the age bucket they reached at
// `at` and their counts between the roll-up counters, in small batches
// that commands do not wait on.
func (a *Activities) RebucketOverdue(ctx context.Context, at time.Time) error {
	n, err := a.Store.RebucketOverdue(ctx, at)
	if err != nil {
		return fmt.Errorf("rebucket overdue: %w", err)
	}
	if a.Logger != nil {
		a.Logger.InfoContext(ctx, "overdue tasks re-bucketed", "moved", n, "as_of", at)
	}
	return nil
}

// MarkOverdue marks in the read model the open tasks whose due time has
// passed and that their workflows have not written overdue yet, and
// returns how many (store.MarkOverdue says why). Safe to repeat.
func (a *Activities) MarkOverdue(ctx context.Context) (int, error) {
	n, err := a.Store.MarkOverdue(ctx)
	if err != nil {
		return n, fmt.Errorf("mark overdue: %w", err)
	}
	if n > 0 && a.Logger != nil {
		a.Logger.InfoContext(ctx, "tasks marked overdue", "marked", n)
	}
	return n, nil
}

// SweepOverdue runs MarkOverdue at once and then every span.Every until
// span.Span has passed, heartbeating after each, and returns how many tasks
// it marked. The rounds keep time here, in the worker: a workflow's timer
// between rounds would wait in the server's timer queue behind thousands
// of deadlines falling due in the same minute, the moment the sweep is for.
// A round that fails is logged and the next catches up; the span ends
// early only when the worker stops (the workflow then runs it again).
// Each round also starts the hosts whose start the API could not confirm
// (StartPendingHosts): the same clock, another small job of upkeep.
func (a *Activities) SweepOverdue(ctx context.Context, span models.SweepSpan) (int, error) {
	end := time.Now().Add(span.Span)
	tick := time.NewTicker(span.Every)
	defer tick.Stop()
	total := 0
	for {
		n, err := a.MarkOverdue(ctx)
		if err != nil && a.Logger != nil {
			a.Logger.WarnContext(ctx, "overdue sweep round failed; the next catches up", "error", err)
		}
		total += n
		if started, err := a.StartPendingHosts(ctx); a.Logger != nil {
			if err != nil {
				a.Logger.WarnContext(ctx, "pending hosts not all started; the next round tries again", "started", started, "error", err)
			} else if started > 0 {
				a.Logger.InfoContext(ctx, "pending hosts started", "started", started)
			}
		}
		activity.RecordHeartbeat(ctx, total)
		if !time.Now().Add(span.Every).Before(end) {
			return total, nil
		}
		select {
		case <-ctx.Done():
			return total, fmt.Errorf("overdue sweep stopped: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

// pendingHostGrace is how long the API has to start a host it wrote before
// the sweep starts it: a start the API is making is left to it.
const pendingHostGrace = 30 * time.Second

// pendingHostRound bounds the hosts one round starts.
const pendingHostRound = 100

// StartPendingHosts starts the hosts the API wrote but could not start
// (Temporal out of reach, the API stopped in between) and clears each
// once it runs, returning how many. It stops at the first failure: with
// Temporal out of reach every start would wait out its timeout.
func (a *Activities) StartPendingHosts(ctx context.Context) (int, error) {
	if a.Temporal == nil {
		return 0, nil
	}
	hosts, err := a.Store.PendingHostStarts(ctx, a.now().Add(-pendingHostGrace), pendingHostRound)
	if err != nil {
		return 0, err
	}
	for i, h := range hosts {
		if err := hoststart.Start(ctx, a.Temporal, h); err != nil {
			return i, err
		}
		if err := a.Store.HostStarted(ctx, h.ID); err != nil {
			return i, err
		}
	}
	return len(hosts), nil
}

// Notify delivers a notification: an inbox row per recipient (idempotent by
// key), then e-mail and webhook when configured. A permanent delivery
// failure is not retried; the inbox row stays.
func (a *Activities) Notify(ctx context.Context, req models.NotifyRequest) error {
	users, err := a.recipients(ctx, req)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		return nil
	}
	ids := make([]uint, 0, len(users))
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	key := "notify." + req.Kind
	row := models.Notification{Key: req.Key, Kind: req.Kind, TaskID: req.TaskID,
		TitleVi: truncate(i18n.T(i18n.VI, key, req.Title.In(i18n.VI)), 300), TitleEn: truncate(i18n.T(i18n.EN, key, req.Title.In(i18n.EN)), 300)}
	if err := a.Store.InsertNotifications(ctx, row, ids); err != nil {
		return fmt.Errorf("write inbox: %w", err)
	}
	msg := notify.Message{Key: req.Key, Kind: req.Kind, TaskID: req.TaskID, SubjectVi: row.TitleVi, SubjectEn: row.TitleEn,
		BodyVi: i18n.T(i18n.VI, "notify.body", row.TitleVi, req.TaskID), BodyEn: i18n.T(i18n.EN, "notify.body", row.TitleEn, req.TaskID), At: a.now()}
	for _, u := range users {
		msg.To = append(msg.To, notify.Recipient{UserID: u.ID, Email: u.Email, Lang: i18n.VI})
	}
	for name, ch := range map[string]Sender{"email": a.Email, "webhook": a.Webhook} {
		if ch == nil {
			continue
		}
		if err := ch.Send(ctx, msg); err != nil {
			if notify.IsPermanent(err) {
				// Logged by kind and task only: no addresses.
				a.Logger.WarnContext(ctx, "notification not deliverable", "channel", name, "kind", req.Kind, "task_id", req.TaskID, "error", err)
				continue
			}
			return fmt.Errorf("deliver %s: %w", name, err)
		}
	}
	return nil
}

func (a *Activities) recipients(ctx context.Context, req models.NotifyRequest) ([]models.User, error) {
	if len(req.UserIDs) > 0 {
		users, err := a.Store.UsersByIDs(ctx, req.UserIDs)
		if err != nil {
			return nil, fmt.Errorf("load recipients: %w", err)
		}
		return users, nil
	}
	if req.UnitID != 0 && req.Role != "" {
		users, err := a.Store.UsersWithRole(ctx, req.UnitID, req.Role)
		if err != nil {
			return nil, fmt.Errorf("load recipients: %w", err)
		}
		return users, nil
	}
	return nil, temporal.NewNonRetryableApplicationError("notification names no recipients", "invalid", nil)
}

func (a *Activities) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
