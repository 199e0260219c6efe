// Package task is dsflow's task engine: the state machine of a task, its
// sign-off chain, its timers and the Update handlers of every task command,
// written once and hosted by many workflows (an ad-hoc workflow, a commune's
// part in a campaign, an inspection…). A host creates an Engine with New,
// adds tasks with Add, and completes after Wait.
//
// # Commands
//
// Every command is a Temporal Update named in models (models.UpdateClaim …)
// whose input is a models.TaskCommand naming the task, and whose result is
// the models.TaskState after the change. The validator checks the task
// exists (ENOTFOUND), that the command carries only its own fields and valid
// data (EINVALID with field errors), that the actor may do it (EFORBIDDEN)
// and that the state allows it (ECONFLICT, carrying the current state); a
// rejection records nothing. The handler takes the engine's lock, checks the
// same rules again, applies the change to a copy, writes the revision to the
// read model with the local activity models.ActivityApplyTaskChange, and
// only then commits the copy. Errors leave as *temporal.ApplicationError;
// see ToApplicationError for the mapping.
//
// # Activities
//
// The engine calls activities by name, so workflows never import the code
// that does I/O:
//
//   - models.ActivityApplyTaskChange, a local activity:
//     func(context.Context, models.TaskChange) error, idempotent by
//     (Task.ID, Task.Revision); it must keep the highest revision.
//   - models.ActivityNotify, a regular activity:
//     func(context.Context, models.NotifyRequest) error, idempotent by
//     (Key, recipient).
//
// # Timers
//
// Each task has one timer coroutine: reminders before the due time, the due
// time (the task becomes overdue when its assignee still owes work) and two
// escalation levels; see pending. A change that moves the next event (an
// extension, a submit) wakes the coroutine, which recomputes. Overdue and
// escalation are revisions by the system (actor 0); reminders are only
// notifications and leave the revision alone.
//
// # History
//
// A command costs about ten history events (the Update's acceptance and
// completion, a local activity marker, a timer moved, its notifications'
// activities), a task from creation to approval through two sign-off levels
// some 60 to 100. An ad-hoc workflow of a few tasks stays within a few
// hundred events and needs no continue-as-new. A host with many tasks or a
// long life should continue-as-new before ~10,000 events; the engine keeps
// nothing that Tasks does not return except the timers' memory of
// reminders already sent and of when escalation level 1 fired.
package task
