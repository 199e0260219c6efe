package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
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
// ancestor unit, the audit entry and the figures the task reports. It
// returns whether it wrote anything.
//
// The write converges to what the workflow committed. The same change again
// (a retried activity) writes nothing. A different change under a revision
// already written means the earlier write's command never committed (its
// activity committed here but was reported failed, and the workflow went on
// without it): when the new write was scheduled later (fence, Unix ns), the
// revision and every later one are replaced, their audit entries voided by
// new entries, and the counters follow. An older write arriving after a
// newer one is refused (ECONFLICT), never applied.
//
// Errors: ECONFLICT for a stale write; EINVALID when the database refuses
// the values themselves (retrying cannot help).
func (s *Store) ApplyTaskChange(ctx context.Context, ch models.TaskChange, fence int64) (bool, error) {
	hash := ChangeHash(ch)
	applied := false
	err := s.tx(ctx, func(tx *gorm.DB) error {
		// Shared with every other change, exclusive for the daily
		// re-bucketing: counters are never rebuilt under a change.
		if err := s.counterLock(tx, false); err != nil {
			return err
		}
		var before models.Task
		// Locked, so a concurrent write of the same task or a re-bucketing
		// cannot interleave with the arithmetic below.
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", ch.Task.ID).Limit(1).Find(&before).Error; err != nil {
			return fmt.Errorf("load task row: %w", err)
		}
		found := before.ID != ""
		var later []models.TaskEvent
		if err := tx.Where("task_id = ? AND revision >= ?", ch.Task.ID, ch.Task.Revision).Order("revision").Find(&later).Error; err != nil {
			return fmt.Errorf("load task events: %w", err)
		}
		if len(later) > 0 && later[0].Revision == ch.Task.Revision && later[0].ChangeHash == hash {
			return nil // written already
		}
		for _, ev := range later {
			if ev.Fence >= fence {
				return &models.Error{Code: models.ECONFLICT, Key: "error.conflict",
					Detail: fmt.Sprintf("revision %d of task %s was written by a later command", ev.Revision, ch.Task.ID)}
			}
		}
		data := ""
		if found {
			data = before.DataJSON
		}
		if len(later) > 0 {
			var err error
			if data, err = voidRevisions(tx, ch.Task, later, ch.At); err != nil {
				return err
			}
		}
		row := taskRow(ch.Task, ch.At)
		if found {
			row.CreatedAt, row.OverdueBucket, row.FormJSON = before.CreatedAt, before.OverdueBucket, before.FormJSON
		}
		if ch.Event == models.EventCreated && len(ch.Task.Form.Fields) > 0 {
			row.FormJSON = toJSON(ch.Task.Form)
		}
		ev := models.TaskEvent{
			TaskID: ch.Task.ID, Revision: ch.Task.Revision, Event: ch.Event, ActorID: ch.ActorID,
			Status: ch.Task.Status, Note: ch.Note, AttachmentsJSON: toJSON(nonEmpty(ch.AttachmentIDs)), At: ch.At.UTC(),
			ChangeHash: hash, Fence: fence,
		}
		var err error
		if ch.Event == models.EventSubmitted {
			data = toJSON(nonEmptyMap(ch.Task.Data))
			if data, err = s.sealPrivate(ch.Task, "data", data); err != nil {
				return err
			}
			ev.DataJSON = data
		}
		if ev.Note, err = s.sealPrivate(ch.Task, "note/"+strconv.Itoa(ch.Task.Revision), ev.Note); err != nil {
			return err
		}
		row.DataJSON = data
		seq, err := s.writeRevision(tx, &before, found, row, ev, ch)
		if err != nil {
			return err
		}
		if err := syncFigures(tx, row, ch.Task.Indicators, data, ch.Event, ch.At); err != nil {
			return err
		}
		applied = seq > 0
		return nil
	})
	if err != nil {
		if models.AsError(err) == nil && isDataError(err) {
			err = &models.Error{Code: models.EINVALID, Key: "error.invalid", Err: err}
		}
		return false, fmt.Errorf("apply task %s revision %d: %w", ch.Task.ID, ch.Task.Revision, err)
	}
	return applied, nil
}

// writeRevision stores one revision: the task row (upserted over before,
// which the caller locked), the overdue counters, the audit entry and the
// event row linked to that entry. It returns the audit entry's sequence.
func (s *Store) writeRevision(tx *gorm.DB, before *models.Task, found bool, row models.Task, ev models.TaskEvent, ch models.TaskChange) (int64, error) {
	// The sweep (MarkOverdue) may have marked the task before its
	// workflow's timer fired: a revision written meanwhile, still owed by
	// the assignee and due at the same time, keeps the mark.
	if found && before.Overdue && models.AwaitsAssignee(row.Status) && row.DueAt.Equal(before.DueAt) {
		row.Overdue = true
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
		return 0, fmt.Errorf("upsert task row: %w", err)
	}
	if wasOverdue && (!isOverdue || before.ProcessKind != row.ProcessKind) {
		if err := bumpOverdue(tx, before.UnitID, before.ProcessKind, before.OverdueBucket, -1); err != nil {
			return 0, err
		}
	}
	if isOverdue && !wasOverdue {
		if err := bumpOverdue(tx, row.UnitID, row.ProcessKind, row.OverdueBucket, +1); err != nil {
			return 0, err
		}
	}
	rec := AuditRecord{ActorID: ch.ActorID, Action: "task." + ch.Event, EntityType: EntityTask, EntityID: ch.Task.ID, At: ch.At,
		After: auditTaskView(row, auditNote(ch.Task, ev.Note)), UnitPath: ch.Task.UnitPath}
	if found {
		rec.Before = map[string]any{"status": before.Status, "due_at": before.DueAt.UTC(), "revision": before.Revision}
	}
	seq, err := appendAuditSeq(tx, rec)
	if err != nil {
		return 0, err
	}
	ev.AuditSeq = seq
	if err := tx.Create(&ev).Error; err != nil {
		return 0, fmt.Errorf("insert task event: %w", err)
	}
	return seq, nil
}

// voidRevisions removes revisions that no committed command made (they
// are replaced by the change being written) and appends an audit entry
// voiding each one's entry, so the audit chain stays intact and shows the
// correction. It returns the form data the task had before them.
func voidRevisions(tx *gorm.DB, t models.TaskState, evs []models.TaskEvent, at time.Time) (string, error) {
	ids := make([]uint, 0, len(evs))
	for _, ev := range evs {
		ids = append(ids, ev.ID)
		rec := AuditRecord{Action: ActionRevisionVoid, EntityType: EntityTask, EntityID: t.ID, At: at, UnitPath: t.UnitPath,
			After: map[string]any{"revision": ev.Revision, "event": ev.Event, "voids_seq": ev.AuditSeq}}
		if _, err := appendAuditSeq(tx, rec); err != nil {
			return "", err
		}
	}
	if err := tx.Where("id IN ?", ids).Delete(&models.TaskEvent{}).Error; err != nil {
		return "", fmt.Errorf("delete replaced task events: %w", err)
	}
	var last models.TaskEvent
	err := tx.Where("task_id = ? AND event = ? AND revision < ?", t.ID, models.EventSubmitted, t.Revision).
		Order("revision DESC").Limit(1).Find(&last).Error
	if err != nil {
		return "", fmt.Errorf("load last submission: %w", err)
	}
	return last.DataJSON, nil
}

// ActionRevisionVoid is the audit action that voids the entry of a revision
// that was replaced (its command never committed).
const ActionRevisionVoid = "task.revision_void"

// ChangeHash is SHA-256 over the whole change, times in UTC: equal for a
// repeated write of one change, different for any other change.
func ChangeHash(ch models.TaskChange) string {
	ch.At = ch.At.UTC()
	ch.Task.UpdatedAt = ch.Task.UpdatedAt.UTC()
	ch.Task.DueAt = ch.Task.DueAt.UTC()
	b, err := json.Marshal(ch)
	if err != nil {
		// Every field of a change marshals; a failure is a bug, and a hash
		// that matches nothing makes it visible as a conflict.
		return "unhashable:" + err.Error()
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// auditTaskView is what the audit log keeps of a change: the facts, not the
// form data (which can be large and is kept, hashed, on the task).
func auditTaskView(row models.Task, note string) map[string]any {
	v := map[string]any{"status": row.Status, "due_at": row.DueAt.UTC(), "revision": row.Revision, "content_hash": row.ContentHash}
	if note != "" {
		v["note"] = note
	}
	if row.AssigneeID != nil {
		v["assignee_id"] = *row.AssigneeID
	}
	if row.ClaimedBy != nil {
		v["claimed_by"] = *row.ClaimedBy
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

// taskRow maps a workflow's task state onto the read-model row. The form and
// the data are the caller's to set: a change carries them only when they
// change.
func taskRow(t models.TaskState, at time.Time) models.Task {
	row := models.Task{
		ID: t.ID, HostID: t.HostID, ProcessKind: t.ProcessKind, ProcessID: t.ProcessID, Kind: t.Kind,
		UnitID: t.UnitID, UnitPath: t.UnitPath, AssigneeID: t.AssigneeID, CandidateRole: t.CandidateRole, ClaimedBy: t.ClaimedBy,
		TitleVi: t.Title.Vi, TitleEn: t.Title.En, InstructionsVi: t.Instructions.Vi, InstructionsEn: t.Instructions.En,
		SearchText:  i18n.Fold(t.Title.Vi + " " + t.Title.En),
		ContentHash: t.ContentHash, Priority: t.Priority, Status: t.Status, DueAt: t.DueAt.UTC(), Overdue: t.Overdue,
		ClosesAt: utcPtr(t.ClosesAt), IndicatorsJSON: toJSON(nonEmptyMap(t.Indicators)), Freezes: t.Freezes,
		EscalationLevel: t.EscalationLevel, EscalationJSON: escalationJSON(t.Escalation), SignOffJSON: toJSON(nonEmpty(t.SignOff)), SignOffStep: t.SignOffStep,
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
// responses and for tasks a host adopts).
func TaskStateOf(row models.Task) models.TaskState {
	t := models.TaskState{
		TaskSpec: models.TaskSpec{
			ID: row.ID, HostID: row.HostID, ProcessKind: row.ProcessKind, ProcessID: row.ProcessID, Kind: row.Kind,
			UnitID: row.UnitID, UnitPath: row.UnitPath, AssigneeID: row.AssigneeID, CandidateRole: row.CandidateRole,
			Title: models.Text{Vi: row.TitleVi, En: row.TitleEn}, Instructions: models.Text{Vi: row.InstructionsVi, En: row.InstructionsEn},
			Priority: row.Priority, DueAt: row.DueAt, CreatedBy: row.CreatedBy, ClosesAt: row.ClosesAt, Freezes: row.Freezes,
		},
		Status: row.Status, Revision: row.Revision, ClaimedBy: row.ClaimedBy, ContentHash: row.ContentHash,
		SignOffStep: row.SignOffStep, Overdue: row.Overdue, EscalationLevel: row.EscalationLevel, ReturnReason: row.ReturnReason,
		SubmittedAt: row.SubmittedAt, CompletedAt: row.CompletedAt, UpdatedAt: row.UpdatedAt,
	}
	_ = fromJSON(row.FormJSON, &t.Form)
	_ = fromJSON(row.DataJSON, &t.Data)
	_ = fromJSON(row.SignOffJSON, &t.SignOff)
	_ = fromJSON(row.DecisionsJSON, &t.Decisions)
	_ = fromJSON(row.EscalationJSON, &t.Escalation)
	_ = fromJSON(row.IndicatorsJSON, &t.Indicators)
	return t
}

// escalationJSON is "" for no reminders or escalation, so most rows keep
// nothing there.
func escalationJSON(e models.Escalation) string {
	if len(e.RemindDaysBefore) == 0 && e.EscalateAfterDays == 0 && e.EscalateUpAfterDays == 0 {
		return ""
	}
	return toJSON(e)
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

func nonEmptyMap[V any](m map[string]V) any {
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

// auditNote is the note an audit entry keeps: none for a screening task,
// whose notes are personal data an erasure must be able to remove (the
// audit chain cannot change).
func auditNote(t models.TaskState, note string) string {
	if t.ProcessKind == models.ProcessScreening {
		return ""
	}
	return note
}

// sealPrivate seals what a screening task records (its data and notes:
// health details of a named person) under the keyring, bound to the task
// and field; other tasks' text is returned as it is. Without a keyring a
// screening task's write fails rather than store it in the clear.
func (s *Store) sealPrivate(t models.TaskState, field, text string) (string, error) {
	if text == "" || t.ProcessKind != models.ProcessScreening {
		return text, nil
	}
	if s.sealer == nil {
		return "", errNoKeys
	}
	return s.sealer.Seal([]byte(text), []byte("task/"+t.ID+"/"+field)), nil
}

// OpenPrivate opens what sealPrivate sealed.
func (s *Store) OpenPrivate(taskID, field, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	if s.sealer == nil {
		return "", errNoKeys
	}
	raw, err := s.sealer.Open(sealed, []byte("task/"+taskID+"/"+field))
	if err != nil {
		return "", fmt.Errorf("open %s of task %s: %w", field, taskID, err)
	}
	return string(raw), nil
}
