package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/calendar"
	"dsflow/models"
)

// EntityCase is the audit entity of a screening case. Its audit entries
// name the case by its pseudonymous ID and never hold personal data.
const EntityCase = "case"

// Sealer seals personal data at rest: AES-256-GCM under the keyring's
// active key, bound by aad to the row and field it belongs to (package
// pii). BlindIndex is a keyed hash for finding a value without decrypting
// it.
type Sealer interface {
	Seal(plaintext, aad []byte) string
	Open(sealed string, aad []byte) ([]byte, error)
	BlindIndex(field string, value []byte) string
}

// errNoKeys is what screening's store methods return when dsflow runs
// without a keyring: personal data is never written in the clear.
var errNoKeys = errors.New("no keyring: personal data cannot be sealed")

// aad binds a sealed field to its case.
func aad(caseID, field string) []byte { return []byte("case/" + caseID + "/" + field) }

// protocolVersions is the screening_protocols table: a case keeps the ID of
// the protocol version it started with.
var protocolVersions = versioned[models.ProtocolTemplate, models.ProtocolDef]{
	table: "screening_protocols", entity: "protocol", noun: "protocol", lockClass: protocolLockClass,
	// The definition too: a list says each protocol's type, and there are
	// a handful.
	listColumns: []string{"id", "key", "version", "title_vi", "title_en", "built_in", "created_by", "created_at", "definition_json"},
	row: func(key string, version int, def models.ProtocolDef, raw string, builtIn bool, by uint, at time.Time) *models.ProtocolTemplate {
		return &models.ProtocolTemplate{Key: key, Version: version, TitleVi: def.Title.Vi, TitleEn: def.Title.En,
			DefinitionJSON: raw, BuiltIn: builtIn, CreatedBy: by, CreatedAt: at.UTC()}
	},
	info: func(t *models.ProtocolTemplate) versionInfo {
		return versionInfo{ID: t.ID, Key: t.Key, Version: t.Version, DefinitionJSON: t.DefinitionJSON, CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt}
	},
	audited: func(t *models.ProtocolTemplate) map[string]any {
		return map[string]any{"key": t.Key, "version": t.Version, "title": t.TitleVi}
	},
}

// GetProtocol returns the protocol version with ID id. ENOTFOUND.
func (s *Store) GetProtocol(ctx context.Context, id uint) (*models.ProtocolTemplate, error) {
	return protocolVersions.get(s.db.WithContext(ctx), id)
}

// ProtocolByKeyOrID finds the newest version of the key ref or, when ref
// is a number and no key, the version with that ID. ENOTFOUND.
func (s *Store) ProtocolByKeyOrID(ctx context.Context, ref string) (*models.ProtocolTemplate, error) {
	return protocolVersions.byKeyOrID(s.db.WithContext(ctx), ref)
}

// ListProtocols lists the newest version of each protocol, by key.
func (s *Store) ListProtocols(ctx context.Context) ([]models.ProtocolTemplate, error) {
	return protocolVersions.newest(s.db.WithContext(ctx), nil)
}

// EnsureBuiltinProtocols writes the built-in protocols that are missing or
// changed; idempotent and safe when several processes start at once.
func (s *Store) EnsureBuiltinProtocols(ctx context.Context, defs map[string]models.ProtocolDef) (int, error) {
	return protocolVersions.ensureBuiltins(ctx, s, defs)
}

// NewCase is what CreateCase records: the case (its sealed fields are
// filled here), the person and result to seal, and, for a result that
// needs action, the first step's task with its host.
type NewCase struct {
	Case   models.ScreeningCase
	Person models.Person
	Result string
	Batch  TaskBatch
}

// CreateCase records a screening case with its person and result sealed,
// and writes the first step's task when the follow-up starts. A case
// recorded already under its ID (a retried request) is left as it is.
func (s *Store) CreateCase(ctx context.Context, n NewCase) (*models.ScreeningCase, error) {
	if s.sealer == nil {
		return nil, errNoKeys
	}
	c := n.Case
	person, err := json.Marshal(n.Person)
	if err != nil {
		return nil, fmt.Errorf("encode person: %w", err)
	}
	c.PersonSealed = s.sealer.Seal(person, aad(c.ID, "person"))
	c.ResultSealed = s.sealer.Seal([]byte(n.Result), aad(c.ID, "result"))
	if c.Status == models.CaseClosed {
		c.OutcomeSealed = s.sealer.Seal([]byte(models.OutcomeNormal), aad(c.ID, "outcome"))
	}
	if n.Person.Phone != "" {
		c.PhoneIndex = s.sealer.BlindIndex("phone", []byte(n.Person.Phone))
	}
	now := s.now().UTC()
	c.CreatedAt, c.UpdatedAt = now, now
	if c.Status == models.CaseClosed {
		c.ClosedAt = &now
	}
	created := false
	err = s.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&c)
		if res.Error != nil {
			return fmt.Errorf("insert case: %w", res.Error)
		}
		if created = res.RowsAffected == 1; !created {
			return nil
		}
		return appendAudit(tx, AuditRecord{ActorID: c.CreatedBy, Action: "case.create", EntityType: EntityCase, EntityID: c.ID,
			UnitPath: c.UnitPath, At: now, After: map[string]any{"type": c.Type, "protocol": c.ProtocolKey, "status": c.Status}})
	})
	if err != nil {
		return nil, fmt.Errorf("create case %s: %w", c.ID, err)
	}
	if len(n.Batch.Tasks) > 0 {
		if _, err := s.CreateTasks(ctx, n.Batch); err != nil {
			return nil, err
		}
	}
	return s.GetCase(ctx, Scope{Path: "/"}, c.ID)
}

// GetCase returns a case in the scope, its sealed fields as stored.
// ENOTFOUND.
func (s *Store) GetCase(ctx context.Context, scope Scope, id string) (*models.ScreeningCase, error) {
	cond, args := subtree("unit_path", scope.Path)
	var c models.ScreeningCase
	err := s.db.WithContext(ctx).Where("id = ?", id).Where(cond, args...).First(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.NotFound("case")
	}
	if err != nil {
		return nil, fmt.Errorf("load case %s: %w", id, err)
	}
	return &c, nil
}

// CaseFilter narrows ListCases.
type CaseFilter struct {
	Status  string
	Type    string
	Overdue bool
	Limit   int
	// After is the last ID of the previous page.
	After string
}

// ListCases lists the cases of a subtree, by ID, without personal data.
func (s *Store) ListCases(ctx context.Context, scope Scope, f CaseFilter) ([]models.ScreeningCase, error) {
	cond, args := subtree("unit_path", scope.Path)
	q := s.db.WithContext(ctx).Model(&models.ScreeningCase{}).Omit("person_sealed", "result_sealed", "outcome_sealed").Where(cond, args...)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Type != "" {
		q = q.Where("type = ?", f.Type)
	}
	if f.Overdue {
		q = q.Where("EXISTS (SELECT 1 FROM tasks t WHERE t.process_kind = ? AND t.process_id = screening_cases.id AND t.overdue)", models.ProcessScreening)
	}
	if f.After != "" {
		q = q.Where("id > ?", f.After)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var out []models.ScreeningCase
	if err := q.Order("id").Limit(f.Limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	return out, nil
}

// CasePersonal is a case's personal data, opened.
type CasePersonal struct {
	Person  models.Person
	Result  string
	Outcome string
}

// ReadPersonal opens a case's personal data for the user with ID by, for
// purpose, and writes the read to the access log in the same transaction:
// no read goes unlogged. The caller has checked that the user may read it.
func (s *Store) ReadPersonal(ctx context.Context, c *models.ScreeningCase, by uint, purpose string) (*CasePersonal, error) {
	if s.sealer == nil {
		return nil, errNoKeys
	}
	var out CasePersonal
	raw, err := s.sealer.Open(c.PersonSealed, aad(c.ID, "person"))
	if err != nil {
		return nil, fmt.Errorf("open person of case %s: %w", c.ID, err)
	}
	if err := json.Unmarshal(raw, &out.Person); err != nil {
		return nil, fmt.Errorf("decode person of case %s: %w", c.ID, err)
	}
	if raw, err = s.sealer.Open(c.ResultSealed, aad(c.ID, "result")); err != nil {
		return nil, fmt.Errorf("open result of case %s: %w", c.ID, err)
	}
	out.Result = string(raw)
	if c.OutcomeSealed != "" {
		if raw, err = s.sealer.Open(c.OutcomeSealed, aad(c.ID, "outcome")); err != nil {
			return nil, fmt.Errorf("open outcome of case %s: %w", c.ID, err)
		}
		out.Outcome = string(raw)
	}
	entry := models.CaseAccess{CaseID: c.ID, UserID: by, Purpose: purpose, UnitPath: c.UnitPath, At: s.now().UTC()}
	if err := s.db.WithContext(ctx).Create(&entry).Error; err != nil {
		return nil, fmt.Errorf("log the read of case %s: %w", c.ID, err)
	}
	return &out, nil
}

// AccessLog lists the reads of personal data of the cases of a subtree,
// newest first.
func (s *Store) AccessLog(ctx context.Context, scope Scope, caseID string, limit int) ([]models.CaseAccess, error) {
	cond, args := subtree("unit_path", scope.Path)
	q := s.db.WithContext(ctx).Where(cond, args...)
	if caseID != "" {
		q = q.Where("case_id = ?", caseID)
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	var out []models.CaseAccess
	if err := q.Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("access log: %w", err)
	}
	return out, nil
}

// AdvanceCase records where a case stands after a step: the next step or
// attempt, or its end with an outcome (sealed). Recorded again (a retried
// activity) it writes the same.
func (s *Store) AdvanceCase(ctx context.Context, adv models.CaseAdvance) error {
	if s.sealer == nil {
		return errNoKeys
	}
	now := s.now().UTC()
	set := map[string]any{"step": adv.Step, "attempt": adv.Attempt, "updated_at": now}
	if adv.Outcome != "" {
		sealed := s.sealer.Seal([]byte(adv.Outcome), aad(adv.CaseID, "outcome"))
		set["status"], set["outcome_sealed"], set["closed_at"] = models.CaseClosed, sealed, now
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var c models.ScreeningCase
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id, unit_path, status").Where("id = ?", adv.CaseID).First(&c).Error; err != nil {
			return fmt.Errorf("load case %s: %w", adv.CaseID, err)
		}
		if c.Status == models.CaseClosed {
			return nil
		}
		if err := tx.Model(&models.ScreeningCase{}).Where("id = ?", adv.CaseID).Updates(set).Error; err != nil {
			return fmt.Errorf("advance case %s: %w", adv.CaseID, err)
		}
		action, after := "case.advance", map[string]any{"step": adv.Step, "attempt": adv.Attempt}
		if adv.Outcome != "" {
			action, after = "case.close", map[string]any{"step": adv.Step}
		}
		return appendAudit(tx, AuditRecord{ActorID: adv.ActorID, Action: action, EntityType: EntityCase, EntityID: adv.CaseID,
			UnitPath: c.UnitPath, At: now, After: after})
	})
}

// MoveCase moves a case to the unit the person moved to; the case's past
// tasks stay with the old station, and the case (with its history) is
// read from the new one. Moved again to the same unit (a retried
// activity) it changes nothing.
func (s *Store) MoveCase(ctx context.Context, caseID string, to models.Unit, by uint) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var c models.ScreeningCase
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id, unit_id, unit_path").Where("id = ?", caseID).First(&c).Error; err != nil {
			return fmt.Errorf("load case %s: %w", caseID, err)
		}
		if c.UnitID == to.ID {
			return nil
		}
		if err := tx.Model(&models.ScreeningCase{}).Where("id = ?", caseID).
			Updates(map[string]any{"unit_id": to.ID, "unit_path": to.Path, "updated_at": s.now().UTC()}).Error; err != nil {
			return fmt.Errorf("move case %s: %w", caseID, err)
		}
		return appendAudit(tx, AuditRecord{ActorID: by, Action: "case.transfer", EntityType: EntityCase, EntityID: caseID,
			UnitPath: to.Path, At: s.now(), Before: map[string]any{"unit": c.UnitID}, After: map[string]any{"unit": to.ID}})
	})
}

// CaseTasks returns a case's step tasks in the order created, unscoped:
// the caller decided the case is visible, and a case moved to another
// commune keeps its history.
func (s *Store) CaseTasks(ctx context.Context, caseID string) ([]models.Task, error) {
	var out []models.Task
	if err := s.db.WithContext(ctx).Where("process_kind = ? AND process_id = ?", models.ProcessScreening, caseID).
		Order("created_at, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("tasks of case %s: %w", caseID, err)
	}
	return out, nil
}

// ScreenedByUnit counts the people screened in a year (Vietnam time) by
// type at each unit of a subtree (each unit's own, not its subtree's).
func (s *Store) ScreenedByUnit(ctx context.Context, rootPath string, year int, typ string) (map[uint]int, error) {
	cond, args := subtree("unit_path", rootPath)
	from := time.Date(year, 1, 1, 0, 0, 0, 0, calendar.Location()).UTC()
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, calendar.Location()).UTC()
	var rows []struct {
		UnitID uint
		N      int
	}
	err := s.db.WithContext(ctx).Model(&models.ScreeningCase{}).Select("unit_id, COUNT(*) AS n").Where(cond, args...).
		Where("type = ? AND screened_on >= ? AND screened_on < ?", typ, from, to).Group("unit_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count screened: %w", err)
	}
	out := make(map[uint]int, len(rows))
	for _, r := range rows {
		out[r.UnitID] = r.N
	}
	return out, nil
}

// ScreeningTargets returns the targets set for the units of a subtree, a
// year and a type, by unit.
func (s *Store) ScreeningTargets(ctx context.Context, rootPath string, year int, typ string) (map[uint]models.ScreeningTarget, error) {
	cond, args := subtree("path", rootPath)
	var rows []models.ScreeningTarget
	err := s.db.WithContext(ctx).Where("year = ? AND type = ?", year, typ).
		Where("unit_id IN (?)", s.db.Model(&models.Unit{}).Select("id").Where(cond, args...)).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("screening targets: %w", err)
	}
	out := make(map[uint]models.ScreeningTarget, len(rows))
	for _, r := range rows {
		out[r.UnitID] = r
	}
	return out, nil
}

// PutScreeningTargets sets targets and denominators (a row with Target 0
// keeps the default target), audited in one transaction under the subtree
// of the caller who set them.
func (s *Store) PutScreeningTargets(ctx context.Context, scope Scope, rows []models.ScreeningTarget, by uint) error {
	now := s.now().UTC()
	return s.tx(ctx, func(tx *gorm.DB) error {
		for i := range rows {
			rows[i].UpdatedBy, rows[i].UpdatedAt = by, now
		}
		if err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "unit_id"}, {Name: "year"}, {Name: "type"}},
			DoUpdates: clause.AssignmentColumns([]string{"target", "denominator", "updated_by", "updated_at"}),
		}).CreateInBatches(&rows, s.rowsPerInsert()).Error; err != nil {
			return fmt.Errorf("save screening targets: %w", err)
		}
		return appendAudit(tx, AuditRecord{ActorID: by, Action: "screening.targets", EntityType: EntityCase, EntityID: "targets",
			UnitPath: scope.Path, At: now, After: map[string]any{"rows": len(rows)}})
	})
}

// CasesByPhone finds the cases of a subtree whose person has a phone
// number, by its blind index: a data subject's request is served without
// decrypting every case.
func (s *Store) CasesByPhone(ctx context.Context, scope Scope, phone string) ([]models.ScreeningCase, error) {
	if s.sealer == nil {
		return nil, errNoKeys
	}
	cond, args := subtree("unit_path", scope.Path)
	var out []models.ScreeningCase
	if err := s.db.WithContext(ctx).Where(cond, args...).Where("phone_index = ?", s.sealer.BlindIndex("phone", []byte(phone))).
		Order("id").Limit(100).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("cases by phone: %w", err)
	}
	return out, nil
}

// CorrectPerson replaces a case's person (a data subject's correction),
// sealed, and audits which fields changed, never their values.
func (s *Store) CorrectPerson(ctx context.Context, c *models.ScreeningCase, p models.Person, changed []string, by uint) error {
	if s.sealer == nil {
		return errNoKeys
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode person: %w", err)
	}
	set := map[string]any{"person_sealed": s.sealer.Seal(raw, aad(c.ID, "person")), "phone_index": "", "updated_at": s.now().UTC()}
	if p.Phone != "" {
		set["phone_index"] = s.sealer.BlindIndex("phone", []byte(p.Phone))
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&models.ScreeningCase{}).Where("id = ?", c.ID).Updates(set).Error; err != nil {
			return fmt.Errorf("correct case %s: %w", c.ID, err)
		}
		return appendAudit(tx, AuditRecord{ActorID: by, Action: "case.correct", EntityType: EntityCase, EntityID: c.ID,
			UnitPath: c.UnitPath, At: s.now(), After: map[string]any{"fields": changed}})
	})
}

// ErasePerson deletes a case's personal data at the data subject's
// request: the person, the phone index, and what its steps recorded. The
// pseudonymous case stays, so the coverage figures it counted in do not
// change; the erasure is audited.
func (s *Store) ErasePerson(ctx context.Context, c *models.ScreeningCase, by uint) error {
	if s.sealer == nil {
		return errNoKeys
	}
	erased := s.sealer.Seal([]byte(`{"erased":true}`), aad(c.ID, "person"))
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&models.ScreeningCase{}).Where("id = ?", c.ID).
			Updates(map[string]any{"person_sealed": erased, "phone_index": "", "updated_at": s.now().UTC()}).Error; err != nil {
			return fmt.Errorf("erase case %s: %w", c.ID, err)
		}
		tasks := tx.Model(&models.Task{}).Select("id").Where("process_kind = ? AND process_id = ?", models.ProcessScreening, c.ID)
		if err := tx.Model(&models.Task{}).Where("id IN (?)", tasks).Update("data_json", "").Error; err != nil {
			return fmt.Errorf("erase step records of %s: %w", c.ID, err)
		}
		if err := tx.Model(&models.TaskEvent{}).Where("task_id IN (?)", tasks).
			Updates(map[string]any{"data_json": "", "note": ""}).Error; err != nil {
			return fmt.Errorf("erase step notes of %s: %w", c.ID, err)
		}
		return appendAudit(tx, AuditRecord{ActorID: by, Action: "case.erase", EntityType: EntityCase, EntityID: c.ID,
			UnitPath: c.UnitPath, At: s.now()})
	})
}

// WithSealer returns the store sealing with x instead (the same database):
// after a key rotation, or to read with a keyring that has more keys.
func (s *Store) WithSealer(x Sealer) *Store {
	c := *s
	c.sealer = x
	return &c
}
