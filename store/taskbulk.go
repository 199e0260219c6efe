package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/i18n"
	"dsflow/models"
)

// TaskBatch is a set of new tasks written at once, before the workflows
// that host them start: people see every task of a launch at once, and a
// host adopts its rows when it starts (LoadHostTasks).
type TaskBatch struct {
	// Hosts are the workflows the tasks name in HostID, with their start
	// input, so that a command can start a host that has not started yet.
	Hosts []models.TaskHost
	// Tasks are at revision 1, open, with their forms.
	Tasks []models.TaskState
	At    time.Time
	// StartPending: the caller starts the hosts itself (the API, right
	// after the write); each is also kept as a models.HostStart until
	// HostStarted, so the sweep starts any whose start failed.
	StartPending bool
}

// batchSize bounds the rows of one INSERT on PostgreSQL. SQLite allows
// 32,766 bound parameters, but its driver binds a statement's parameters
// in time that grows with their square: it takes sqliteBatch rows at a
// time (measured with BenchmarkCreateTasks).
const (
	batchSize   = 500
	sqliteBatch = 40
)

// rowsPerInsert is how many rows one INSERT takes on the store's dialect.
func (s *Store) rowsPerInsert() int {
	if s.dialect == DialectSQLite {
		return sqliteBatch
	}
	return batchSize
}

// CreateTasks writes a batch in one transaction: the hosts, the task rows,
// their created events and audit entries. A task whose ID is already
// written is left as it is (a retried batch: IDs derive from what the
// tasks are for), so a batch may be written again safely. It returns how
// many tasks it wrote. EINVALID when the database refuses a value.
func (s *Store) CreateTasks(ctx context.Context, b TaskBatch) (int, error) {
	written := 0
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.counterLock(tx, false); err != nil {
			return err
		}
		if len(b.Hosts) > 0 {
			hosts := make([]models.TaskHost, len(b.Hosts))
			for i, h := range b.Hosts {
				h.CreatedAt = b.At.UTC()
				hosts[i] = h
			}
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&hosts, s.rowsPerInsert()).Error; err != nil {
				return fmt.Errorf("insert task hosts: %w", err)
			}
			if b.StartPending {
				pending := make([]models.HostStart, len(hosts))
				for i, h := range hosts {
					pending[i] = models.HostStart{HostID: h.ID, CreatedAt: h.CreatedAt}
				}
				if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&pending, s.rowsPerInsert()).Error; err != nil {
					return fmt.Errorf("insert pending host starts: %w", err)
				}
			}
		}
		fresh, err := newTaskIDs(tx, b.Tasks)
		if err != nil {
			return err
		}
		var rows []models.Task
		var events []models.TaskEvent
		var recs []AuditRecord
		for _, t := range b.Tasks {
			if !fresh[t.ID] {
				continue
			}
			ch := models.TaskChange{Task: t, Event: models.EventCreated, ActorID: t.CreatedBy, At: b.At}
			row := taskRow(t, b.At)
			row.FormJSON = toJSON(t.Form)
			rows = append(rows, row)
			events = append(events, models.TaskEvent{TaskID: t.ID, Revision: t.Revision, Event: models.EventCreated, ActorID: t.CreatedBy,
				Status: t.Status, At: b.At.UTC(), ChangeHash: ChangeHash(ch)})
			recs = append(recs, AuditRecord{ActorID: t.CreatedBy, Action: "task." + models.EventCreated, EntityType: EntityTask,
				EntityID: t.ID, At: b.At, After: auditTaskView(row, ""), UnitPath: t.UnitPath})
		}
		if len(rows) == 0 {
			return nil
		}
		if err := tx.CreateInBatches(&rows, s.rowsPerInsert()).Error; err != nil {
			return fmt.Errorf("insert task rows: %w", err)
		}
		if err := s.announce(tx, b, fresh); err != nil {
			return err
		}
		// The audit chain's head is locked last: batches written together
		// (a national launch) queue on it for as short a while as can be.
		first, err := appendAudits(tx, recs, s.rowsPerInsert())
		if err != nil {
			return err
		}
		for i := range events {
			events[i].AuditSeq = first + int64(i)
		}
		if err := tx.CreateInBatches(&events, s.rowsPerInsert()).Error; err != nil {
			return fmt.Errorf("insert created events: %w", err)
		}
		written = len(rows)
		return nil
	})
	if err != nil {
		if models.AsError(err) == nil && isDataError(err) {
			err = &models.Error{Code: models.EINVALID, Key: "error.invalid", Err: err}
		}
		return 0, fmt.Errorf("create %d tasks: %w", len(b.Tasks), err)
	}
	return written, nil
}

// newTaskIDs returns which of the tasks' IDs are not written yet.
func newTaskIDs(tx *gorm.DB, tasks []models.TaskState) (map[string]bool, error) {
	fresh := make(map[string]bool, len(tasks))
	ids := make([]string, 0, len(tasks))
	for _, t := range tasks {
		if !fresh[t.ID] {
			fresh[t.ID] = true
			ids = append(ids, t.ID)
		}
	}
	for len(ids) > 0 {
		n := min(len(ids), batchSize)
		var have []string
		if err := tx.Model(&models.Task{}).Where("id IN ?", ids[:n]).Pluck("id", &have).Error; err != nil {
			return nil, fmt.Errorf("check existing tasks: %w", err)
		}
		for _, id := range have {
			fresh[id] = false
		}
		ids = ids[n:]
	}
	return fresh, nil
}

// appendAudits links recs to the chain in order inside tx, with one lock of
// the head, and returns the first new sequence number.
func appendAudits(tx *gorm.DB, recs []AuditRecord, perInsert int) (int64, error) {
	var head models.AuditHead
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&head, 1).Error; err != nil {
		return 0, fmt.Errorf("lock audit head: %w", err)
	}
	entries := make([]models.AuditEntry, len(recs))
	prev, seq := head.Hash, head.Seq
	for i, rec := range recs {
		seq++
		e := models.AuditEntry{
			Seq: seq, At: rec.At.UTC().Truncate(time.Microsecond), ActorID: rec.ActorID, Action: rec.Action,
			EntityType: rec.EntityType, EntityID: rec.EntityID, UnitPath: rec.UnitPath, Before: toJSON(rec.Before), After: toJSON(rec.After),
			PrevHash: prev,
		}
		e.Hash = auditHash(e)
		entries[i], prev = e, e.Hash
	}
	if err := tx.CreateInBatches(&entries, perInsert).Error; err != nil {
		return 0, fmt.Errorf("insert audit entries: %w", err)
	}
	if err := tx.Model(&models.AuditHead{}).Where("id = 1").Updates(map[string]any{"seq": seq, "hash": prev}).Error; err != nil {
		return 0, fmt.Errorf("advance audit head: %w", err)
	}
	return head.Seq + 1, nil
}

// announce puts the new tasks of announced hosts in the inboxes of whoever
// owes them (their assignee, or every holder of their role at their unit),
// in the batch's transaction: a launch of thousands of tasks then costs no
// notification activity per task. Keys are those the task engine uses, so
// nothing is announced twice.
func (s *Store) announce(tx *gorm.DB, b TaskBatch, fresh map[string]bool) error {
	announced := map[string]bool{}
	for _, h := range b.Hosts {
		announced[h.ID] = h.Announced
	}
	byUnitRole := map[string][]uint{}
	var units []uint
	for _, t := range b.Tasks {
		if fresh[t.ID] && announced[t.HostID] && t.AssigneeID == nil {
			units = append(units, t.UnitID)
		}
	}
	if len(units) > 0 {
		var users []models.User
		if err := tx.Where("unit_id IN ? AND active = ?", units, true).Find(&users).Error; err != nil {
			return fmt.Errorf("load the assignees to announce to: %w", err)
		}
		for _, u := range users {
			for _, r := range u.RoleList() {
				k := fmt.Sprintf("%d/%s", u.UnitID, r)
				byUnitRole[k] = append(byUnitRole[k], u.ID)
			}
		}
	}
	var rows []models.Notification
	now := s.now().UTC()
	for _, t := range b.Tasks {
		if !fresh[t.ID] || !announced[t.HostID] {
			continue
		}
		key, to := t.ID+"/r1/"+models.NotifyAssigned+"/", byUnitRole[fmt.Sprintf("%d/%s", t.UnitID, t.CandidateRole)]
		if t.AssigneeID != nil {
			key, to = key+fmt.Sprintf("u%d", *t.AssigneeID), []uint{*t.AssigneeID}
		} else {
			key += fmt.Sprintf("%s@%d", t.CandidateRole, t.UnitID)
		}
		for _, uid := range to {
			rows = append(rows, models.Notification{UserID: uid, Key: key, Kind: models.NotifyAssigned, TaskID: t.ID, CreatedAt: now,
				TitleVi: truncate(i18n.T(i18n.VI, "notify."+models.NotifyAssigned, t.Title.In(i18n.VI)), 300),
				TitleEn: truncate(i18n.T(i18n.EN, "notify."+models.NotifyAssigned, t.Title.In(i18n.EN)), 300)})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&rows, s.rowsPerInsert()).Error; err != nil {
		return fmt.Errorf("announce new tasks: %w", err)
	}
	return nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// LoadHostTasks returns the tasks a host workflow hosts, as the read model
// has them, oldest first, each distinct form once, and whether their batch
// announced them.
func (s *Store) LoadHostTasks(ctx context.Context, hostID string) (models.HostTasks, error) {
	var rows []models.Task
	if err := s.db.WithContext(ctx).Where("host_id = ?", hostID).Order("created_at, id").Find(&rows).Error; err != nil {
		return models.HostTasks{}, fmt.Errorf("load tasks of host %s: %w", hostID, err)
	}
	out := models.HostTasks{Tasks: make([]models.TaskState, 0, len(rows)), FormOf: make([]int, 0, len(rows))}
	var host models.TaskHost
	if err := s.db.WithContext(ctx).Where("id = ?", hostID).Limit(1).Find(&host).Error; err != nil {
		return out, fmt.Errorf("load host %s: %w", hostID, err)
	}
	out.Announced = host.Announced
	seen := map[string]int{}
	for _, r := range rows {
		t := TaskStateOf(r)
		t.Form, t.Data = models.FormSpec{}, nil
		idx := -1
		if r.FormJSON != "" && r.FormJSON != "{}" {
			i, ok := seen[r.FormJSON]
			if !ok {
				var f models.FormSpec
				if err := fromJSON(r.FormJSON, &f); err != nil {
					return models.HostTasks{}, fmt.Errorf("task %s: form: %w", r.ID, err)
				}
				i = len(out.Forms)
				out.Forms = append(out.Forms, f)
				seen[r.FormJSON] = i
			}
			idx = i
		}
		out.Tasks = append(out.Tasks, t)
		out.FormOf = append(out.FormOf, idx)
	}
	return out, nil
}

// GetHost returns the recorded host workflow id. ENOTFOUND.
func (s *Store) GetHost(ctx context.Context, id string) (*models.TaskHost, error) {
	var h models.TaskHost
	err := s.db.WithContext(ctx).Where("id = ?", id).First(&h).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("task host " + id)
	}
	if err != nil {
		return nil, fmt.Errorf("load task host %s: %w", id, err)
	}
	return &h, nil
}
