package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/i18n"
	"dsflow/models"
)

// ApplyTaskChange writes one revision of a task to the read model in one
// transaction: the event row, the task row, the overdue counters of every
// ancestor unit, and the audit entry. It is idempotent by (task, revision):
// a revision already written changes nothing and returns false. A
// different change under a revision already written (another run of the
// same workflow ID, say) is ECONFLICT: it must not vanish silently.
func (s *Store) ApplyTaskChange(ctx context.Context, ch models.TaskChange) (bool, error) {
	applied := false
	err := s.tx(ctx, func(tx *gorm.DB) error {
		// Shared with every other change, exclusive for the daily
		// re-bucketing: counters are never rebuilt under a change.
		if err := s.counterLock(tx, false); err != nil {
			return err
		}
		ev := models.TaskEvent{
			TaskID: ch.Task.ID, Revision: ch.Task.Revision, Event: ch.Event, ActorID: ch.ActorID,
			Status: ch.Task.Status, Note: ch.Note, AttachmentsJSON: toJSON(nonEmpty(ch.AttachmentIDs)), At: ch.At.UTC(),
		}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&ev)
		if res.Error != nil {
			return fmt.Errorf("insert task event: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			var prev models.TaskEvent
			if err := tx.Where("task_id = ? AND revision = ?", ch.Task.ID, ch.Task.Revision).First(&prev).Error; err != nil {
				return fmt.Errorf("load task event: %w", err)
			}
			if prev.Event != ch.Event || prev.Status != ch.Task.Status {
				return &models.Error{Code: models.ECONFLICT, Key: "error.conflict",
					Detail: fmt.Sprintf("revision %d of task %s is already %s/%s", ch.Task.Revision, ch.Task.ID, prev.Event, prev.Status)}
			}
			return nil // this revision is already in the read model
		}
		var before models.Task
		found := true
		// Locked, so a concurrent change or re-bucketing of the same row
		// cannot interleave with the counter arithmetic below.
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", ch.Task.ID).Limit(1).Find(&before).Error; err != nil {
			return fmt.Errorf("load task row: %w", err)
		}
		if before.ID == "" {
			found = false
		}
		if found && before.Revision >= ch.Task.Revision {
			// A later revision got here first (a batch write, say); keep it.
			applied = true
			return nil
		}
		row := taskRow(ch.Task, ch.At)
		if found {
			row.CreatedAt = before.CreatedAt
			row.OverdueBucket = before.OverdueBucket
		}
		wasOverdue := found && before.Overdue && models.AwaitsAssignee(before.Status)
		isOverdue := row.Overdue && models.AwaitsAssignee(row.Status)
		switch {
		case isOverdue && !wasOverdue:
			row.OverdueBucket = models.OverdueBucket(row.DueAt, s.now())
		case !isOverdue:
			row.OverdueBucket = 0
		}
		if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error; err != nil {
			return fmt.Errorf("upsert task row: %w", err)
		}
		if wasOverdue && (!isOverdue || before.ProcessKind != row.ProcessKind) {
			if err := bumpOverdue(tx, before.UnitID, before.ProcessKind, before.OverdueBucket, -1); err != nil {
				return err
			}
		}
		if isOverdue && !wasOverdue {
			if err := bumpOverdue(tx, row.UnitID, row.ProcessKind, row.OverdueBucket, +1); err != nil {
				return err
			}
		}
		rec := AuditRecord{ActorID: ch.ActorID, Action: "task." + ch.Event, EntityType: EntityTask, EntityID: ch.Task.ID, At: ch.At,
			After: auditTaskView(row, ch), UnitPath: ch.Task.UnitPath}
		if found {
			rec.Before = map[string]any{"status": before.Status, "due_at": before.DueAt.UTC(), "revision": before.Revision}
		}
		if err := appendAudit(tx, rec); err != nil {
			return err
		}
		applied = true
		return nil
	})
	if err != nil {
		if models.AsError(err) == nil && isDataError(err) {
			// The database refuses the values themselves: retrying cannot help.
			err = &models.Error{Code: models.EINVALID, Key: "error.invalid", Err: err}
		}
		return false, fmt.Errorf("apply task %s revision %d: %w", ch.Task.ID, ch.Task.Revision, err)
	}
	return applied, nil
}

// auditTaskView is what the audit log keeps of a change: the facts, not the
// form data (which can be large and is kept, hashed, on the task).
func auditTaskView(row models.Task, ch models.TaskChange) map[string]any {
	v := map[string]any{"status": row.Status, "due_at": row.DueAt.UTC(), "revision": row.Revision, "content_hash": row.ContentHash}
	if ch.Note != "" {
		v["note"] = ch.Note
	}
	if row.AssigneeID != nil {
		v["assignee_id"] = *row.AssigneeID
	}
	return v
}

// bumpOverdue adds delta to the counters of every ancestor of unitID.
func bumpOverdue(tx *gorm.DB, unitID uint, process string, bucket int, delta int64) error {
	if bucket == 0 {
		return nil
	}
	var anc []models.UnitClosure
	if err := tx.Where("unit_id = ?", unitID).Order("ancestor_id").Find(&anc).Error; err != nil {
		return fmt.Errorf("load unit ancestors: %w", err)
	}
	for _, a := range anc {
		c := models.OverdueCounter{AncestorID: a.AncestorID, ChildID: a.ChildID, ProcessKind: process, Bucket: bucket, N: delta}
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "ancestor_id"}, {Name: "child_id"}, {Name: "process_kind"}, {Name: "bucket"}},
			DoUpdates: clause.Assignments(map[string]any{"n": gorm.Expr("overdue_counters.n + ?", delta)}),
		}).Create(&c).Error
		if err != nil {
			return fmt.Errorf("bump overdue counter: %w", err)
		}
	}
	return nil
}

// taskRow maps a workflow's task state onto the read-model row.
func taskRow(t models.TaskState, at time.Time) models.Task {
	row := models.Task{
		ID: t.ID, HostID: t.HostID, ProcessKind: t.ProcessKind, ProcessID: t.ProcessID, Kind: t.Kind,
		UnitID: t.UnitID, UnitPath: t.UnitPath, AssigneeID: t.AssigneeID, CandidateRole: t.CandidateRole, ClaimedBy: t.ClaimedBy,
		TitleVi: t.Title.Vi, TitleEn: t.Title.En, InstructionsVi: t.Instructions.Vi, InstructionsEn: t.Instructions.En,
		SearchText: i18n.Fold(t.Title.Vi + " " + t.Title.En), FormJSON: toJSON(t.Form), DataJSON: toJSON(nonEmptyMap(t.Data)),
		ContentHash: t.ContentHash, Priority: t.Priority, Status: t.Status, DueAt: t.DueAt.UTC(), Overdue: t.Overdue,
		EscalationLevel: t.EscalationLevel, SignOffJSON: toJSON(nonEmpty(t.SignOff)), SignOffStep: t.SignOffStep,
		DecisionsJSON: toJSON(nonEmpty(t.Decisions)), ReturnReason: t.ReturnReason, Revision: t.Revision,
		CreatedBy: t.CreatedBy, CreatedAt: at.UTC(), UpdatedAt: at.UTC(), SubmittedAt: utcPtr(t.SubmittedAt), CompletedAt: utcPtr(t.CompletedAt),
	}
	if row.Priority == "" {
		row.Priority = models.PriorityNormal
	}
	if t.Status == models.StatusSubmitted && t.SignOffStep < len(t.SignOff) {
		lvl := t.SignOff[t.SignOffStep]
		row.SignOffUnitPath, row.SignOffRole = lvl.UnitPath, lvl.Role
	}
	return row
}

// TaskStateOf rebuilds the workflow's view of a task from its row (for
// responses and for batch-created tasks).
func TaskStateOf(row models.Task) models.TaskState {
	t := models.TaskState{
		TaskSpec: models.TaskSpec{
			ID: row.ID, HostID: row.HostID, ProcessKind: row.ProcessKind, ProcessID: row.ProcessID, Kind: row.Kind,
			UnitID: row.UnitID, UnitPath: row.UnitPath, AssigneeID: row.AssigneeID, CandidateRole: row.CandidateRole,
			Title: models.Text{Vi: row.TitleVi, En: row.TitleEn}, Instructions: models.Text{Vi: row.InstructionsVi, En: row.InstructionsEn},
			Priority: row.Priority, DueAt: row.DueAt, CreatedBy: row.CreatedBy,
		},
		Status: row.Status, Revision: row.Revision, ClaimedBy: row.ClaimedBy, ContentHash: row.ContentHash,
		SignOffStep: row.SignOffStep, Overdue: row.Overdue, EscalationLevel: row.EscalationLevel, ReturnReason: row.ReturnReason,
		SubmittedAt: row.SubmittedAt, CompletedAt: row.CompletedAt, UpdatedAt: row.UpdatedAt,
	}
	_ = fromJSON(row.FormJSON, &t.Form)
	_ = fromJSON(row.DataJSON, &t.Data)
	_ = fromJSON(row.SignOffJSON, &t.SignOff)
	_ = fromJSON(row.DecisionsJSON, &t.Decisions)
	return t
}

func fromJSON(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

func nonEmpty[T any](xs []T) any {
	if len(xs) == 0 {
		return nil
	}
	return xs
}

func nonEmptyMap(m map[string]any) any {
	if len(m) == 0 {
		return nil
	}
	return m
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// isDataError reports a PostgreSQL data exception (SQLSTATE class 22: a
// value too long, an invalid byte sequence…).
func isDataError(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && strings.HasPrefix(pg.Code, "22")
}
