package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/models"
)

// AuditRecord is what a caller appends; the chain fields are filled here.
type AuditRecord struct {
	ActorID    uint
	Action     string
	EntityType string
	EntityID   string
	Before     any
	After      any
	At         time.Time
	// UnitPath is the subtree the entry concerns: a task's unit, a user's
	// unit; "" means the whole country (the calendar, unit imports), which
	// only a national scope lists.
	UnitPath string
}

// Audit entity types.
const (
	EntityTask      = "task"
	EntityUser      = "user"
	EntityUnit      = "unit"
	EntityCalendar  = "calendar"
	EntityTemplate  = "template"
	EntityChecklist = "checklist"
	EntitySession   = "session"
)

// AppendAudit appends one entry to the hash chain in its own transaction.
func (s *Store) AppendAudit(ctx context.Context, rec AuditRecord) error {
	return s.tx(ctx, func(tx *gorm.DB) error { return appendAudit(tx, rec) })
}

// appendAudit links rec to the chain inside tx. The head row is locked
// first, so concurrent appends queue up instead of forking the chain.
func appendAudit(tx *gorm.DB, rec AuditRecord) error {
	_, err := appendAuditSeq(tx, rec)
	return err
}

// appendAuditSeq is appendAudit returning the new entry's sequence number.
func appendAuditSeq(tx *gorm.DB, rec AuditRecord) (int64, error) {
	var head models.AuditHead
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&head, 1).Error; err != nil {
		return 0, fmt.Errorf("lock audit head: %w", err)
	}
	e := models.AuditEntry{
		Seq: head.Seq + 1, At: rec.At.UTC().Truncate(time.Microsecond), ActorID: rec.ActorID, Action: rec.Action,
		EntityType: rec.EntityType, EntityID: rec.EntityID, UnitPath: rec.UnitPath, Before: toJSON(rec.Before), After: toJSON(rec.After),
		PrevHash: head.Hash,
	}
	e.Hash = auditHash(e)
	if err := tx.Create(&e).Error; err != nil {
		return 0, fmt.Errorf("insert audit entry: %w", err)
	}
	if err := tx.Model(&models.AuditHead{}).Where("id = 1").Updates(map[string]any{"seq": e.Seq, "hash": e.Hash}).Error; err != nil {
		return 0, fmt.Errorf("advance audit head: %w", err)
	}
	return e.Seq, nil
}

// auditHash is SHA-256 over the previous hash and every field of the entry
// but UnitPath (added later, and only a filter: the chain's hashes stay as
// they were written), length-prefixed so no two entries can encode alike.
func auditHash(e models.AuditEntry) string {
	h := sha256.New()
	for _, f := range []string{
		e.PrevHash, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatUint(uint64(e.ActorID), 10), e.Action, e.EntityType, e.EntityID, e.Before, e.After,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func toJSON(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(b)
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	EntityType string
	EntityID   string
	AfterSeq   int64
	Limit      int
}

// ListAudit lists the entries of scope in chain order: those whose unit
// path lies in it, and the national ones ("") only for a national scope.
func (s *Store) ListAudit(ctx context.Context, scope Scope, f AuditFilter) ([]models.AuditEntry, error) {
	cond, args := subtree("unit_path", scope.Path)
	if scope.National() {
		cond = "(unit_path = '' OR " + cond + ")"
	}
	return s.listAudit(s.db.WithContext(ctx).Where(cond, args...), f)
}

// listAudit lists the entries q selects that match f, in chain order.
func (s *Store) listAudit(q *gorm.DB, f AuditFilter) ([]models.AuditEntry, error) {
	q = q.Where("seq > ?", f.AfterSeq)
	if f.EntityType != "" {
		q = q.Where("entity_type = ?", f.EntityType)
	}
	if f.EntityID != "" {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	var out []models.AuditEntry
	if err := q.Order("seq").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	return out, nil
}

// AuditVerification is the result of checking the chain.
type AuditVerification struct {
	Entries int64  `json:"entries"`
	OK      bool   `json:"ok"`
	BadSeq  int64  `json:"bad_seq,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

// VerifyAudit walks the whole chain and reports the first broken link: an
// entry whose hash does not match its content, whose previous hash is not
// its predecessor's, a gap in the sequence, or a head that disagrees.
func (s *Store) VerifyAudit(ctx context.Context) (AuditVerification, error) {
	var res AuditVerification
	prev, next := "", int64(1)
	for {
		batch, err := s.listAudit(s.db.WithContext(ctx), AuditFilter{AfterSeq: next - 1, Limit: 1000})
		if err != nil {
			return res, err
		}
		for _, e := range batch {
			switch {
			case e.Seq != next:
				return AuditVerification{Entries: res.Entries, BadSeq: next, Reason: "missing entry"}, nil
			case e.PrevHash != prev:
				return AuditVerification{Entries: res.Entries, BadSeq: e.Seq, Reason: "previous hash does not match"}, nil
			case auditHash(e) != e.Hash:
				return AuditVerification{Entries: res.Entries, BadSeq: e.Seq, Reason: "content does not match its hash"}, nil
			}
			prev, next = e.Hash, next+1
			res.Entries++
		}
		if len(batch) < 1000 {
			break
		}
	}
	var head models.AuditHead
	if err := s.db.WithContext(ctx).First(&head, 1).Error; err != nil {
		return res, fmt.Errorf("read audit head: %w", err)
	}
	if head.Seq != res.Entries || head.Hash != prev {
		return AuditVerification{Entries: res.Entries, BadSeq: head.Seq, Reason: "chain head does not match the last entry"}, nil
	}
	res.OK = true
	return res, nil
}
