// Package task is dsflow's task engine: the state machine of a task, its
// sign-off chain, its timers and the Update handlers of every task command,
// written once and hosted by many workflows (an ad-hoc workflow, a commune's
// part in a campaign, an inspection…). A host creates an Engine with New,
// giving it the tasks it starts with (task.Start: carried from a previous
// run, adopted from rows written in bulk, or created), adds more with Add,
// and calls Serve last.
//
// # Commands
//
// Every command is a Temporal Update named in models (models.UpdateClaim …)
// whose input is a models.TaskCommand naming the task, and whose result is a
// models.CommandResult (the revision and status it made). The validator
// checks the task exists (ENOTFOUND; a task closed in an earlier run is
// ECONFLICT), that the command carries only its own fields and valid data
// (EINVALID with field errors), that the actor may do it (EFORBIDDEN) and
// that the state allows it (ECONFLICT); a rejection records nothing. The
// handler takes the task's lock, checks the same rules again, applies the
// change to a copy, writes the revision to the read model with the activity
// models.ActivityApplyTaskChange, and only then commits the copy. Errors
// leave as *temporal.ApplicationError; see ToApplicationError.
//
// # Activities
//
// The engine calls activities by name, so workflows never import the code
// that does I/O:
//
//   - models.ActivityApplyTaskChange, a regular activity (never a local one:
//     it must run only once the workflow task that decided the change is
//     committed): func(context.Context, models.TaskChange) error. The store
//     compares a revision's change whole and fences it by the activity's
//     scheduled time, so a retry writes nothing and an abandoned write is
//     replaced.
//   - models.ActivityNotify: func(context.Context, models.NotifyRequest)
//     error, idempotent by (Key, recipient).
//   - models.ActivityLoadHostTasks: func(context.Context, string)
//     (models.HostTasks, error), the rows a host adopts.
//
// # Timers
//
// One loop per engine sleeps until the earliest timer event of any task:
// reminders before the due time, the due time (the task becomes overdue
// when its assignee still owes work) and two escalation levels; see
// pending. A change that brings an event nearer wakes the loop. Overdue and
// escalation are revisions by the system (actor 0); reminders are only
// notifications and leave the revision alone.
//
// # History
//
// A command costs about a dozen history events. A host continues as new
// (Serve, Drain) when the server suggests it or after 8,000 events or
// 1,000 commands, carrying its open tasks with their timers, the IDs of the
// closed ones, undelivered notifications and the recent Update IDs; keep a
// host at or under 1,000 open tasks (docs/architecture.md).
package task
