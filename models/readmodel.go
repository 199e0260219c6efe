package models

import "time"

// Task is the read-model row of a task: what people query. The host
// workflow is the source of truth; activities write this row, keeping the
// highest Revision.
type Task struct {
	ID              string `gorm:"primaryKey;size:80"`
	HostID          string `gorm:"size:200;not null"`
	ProcessKind     string `gorm:"size:20;not null"`
	ProcessID       string `gorm:"size:200;not null;index"`
	Kind            string `gorm:"size:60;not null"`
	UnitID          uint   `gorm:"not null;index"`
	UnitPath        string `gorm:"size:400;not null"`
	AssigneeID      *uint  `gorm:"index"`
	CandidateRole   string `gorm:"size:20"`
	ClaimedBy       *uint  `gorm:"index"`
	TitleVi         string `gorm:"size:300;not null"`
	TitleEn         string `gorm:"size:300"`
	InstructionsVi  string `gorm:"type:text"`
	InstructionsEn  string `gorm:"type:text"`
	SearchText      string `gorm:"size:600;not null"` // folded title, for diacritic-free search
	FormJSON        string `gorm:"type:text"`
	DataJSON        string `gorm:"type:text"`
	ContentHash     string `gorm:"size:64"`
	Priority        string `gorm:"size:10;not null"`
	Status          string `gorm:"size:12;not null"`
	DueAt           time.Time
	Overdue         bool `gorm:"not null"`
	OverdueBucket   int  `gorm:"not null"` // 0 not overdue; 1: 1–3 days, 2: 4–7, 3: 8–30, 4: >30
	EscalationLevel int  `gorm:"not null"`
	// EscalationJSON holds the reminder and escalation settings, so a host
	// adopting the row runs the task's timers as its creator set them.
	EscalationJSON string `gorm:"type:text"`
	// ClosesAt, IndicatorsJSON and Freezes: see models.TaskSpec.
	ClosesAt       *time.Time
	IndicatorsJSON string `gorm:"type:text"`
	Freezes        bool   `gorm:"not null"`
	SignOffJSON    string `gorm:"type:text"`
	SignOffStep    int    `gorm:"not null"`
	// SignOffUnitPath and SignOffRole name the level a submitted task waits
	// for, so "what waits for me" is one indexed query.
	SignOffUnitPath string `gorm:"size:400"`
	SignOffRole     string `gorm:"size:20"`
	DecisionsJSON   string `gorm:"type:text"`
	ReturnReason    string `gorm:"type:text"`
	Revision        int    `gorm:"not null"`
	CreatedBy       uint
	CreatedAt       time.Time
	UpdatedAt       time.Time
	SubmittedAt     *time.Time
	CompletedAt     *time.Time
}

// TaskEvent is one revision of a task: its history, comments included.
type TaskEvent struct {
	ID              uint   `gorm:"primaryKey"`
	TaskID          string `gorm:"size:80;not null;uniqueIndex:task_events_rev,priority:1"`
	Revision        int    `gorm:"not null;uniqueIndex:task_events_rev,priority:2"`
	Event           string `gorm:"size:20;not null"`
	ActorID         uint
	Status          string `gorm:"size:12;not null"`
	Note            string `gorm:"type:text"`
	AttachmentsJSON string `gorm:"type:text"`
	At              time.Time
	// DataJSON is the form data a submission carried (submissions only):
	// the task row shows the latest, the events keep every one.
	DataJSON string `gorm:"type:text"`
	// ChangeHash is SHA-256 over the whole change that made the revision,
	// so a repeated write is told from a different one.
	ChangeHash string `gorm:"size:64;not null"`
	// Fence orders writes of one revision: when the activity that wrote it
	// was scheduled (Unix ns; 0 for rows written in bulk before their host
	// started). Only a later write may replace a revision.
	Fence int64 `gorm:"not null"`
	// AuditSeq is the audit entry this revision appended.
	AuditSeq int64 `gorm:"not null"`
}

// TaskHost is the workflow that hosts tasks, recorded with the tasks when
// they are written in bulk before it starts, so that a command reaching a
// task whose host has not started yet can start it (Update-with-Start).
type TaskHost struct {
	ID           string `gorm:"primaryKey;size:200"` // the workflow ID
	WorkflowType string `gorm:"size:60;not null"`
	// InputJSON is the workflow's start input.
	InputJSON   string `gorm:"type:text;not null"`
	ProcessKind string `gorm:"size:20;not null"`
	ProcessID   string `gorm:"size:200;not null"`
	// Announced: the batch that wrote the host's tasks put them in the
	// assignees' inboxes itself (a launch of thousands of tasks), so the
	// host does not notify them again.
	Announced bool `gorm:"not null"`
	CreatedAt time.Time
}

// HostStart is a host the API wrote and starts itself, kept until the start
// is confirmed: a host whose start failed (Temporal out of reach, the API
// stopped between the write and the start) is then started by the
// maintenance sweep rather than waiting for a command on its tasks, so its
// timers run. Hosts that workflows start (a launch's) have none.
type HostStart struct {
	HostID    string    `gorm:"primaryKey;size:200"`
	CreatedAt time.Time `gorm:"not null"`
}

// Attachment is an uploaded file, kept with its SHA-256.
type Attachment struct {
	ID          string `gorm:"primaryKey;size:40"`
	TaskID      string `gorm:"size:80;not null;index"`
	Filename    string `gorm:"size:255;not null"`
	ContentType string `gorm:"size:100;not null"`
	Size        int64  `gorm:"not null"`
	SHA256      string `gorm:"column:sha256;size:64;not null"`
	Data        []byte `gorm:"not null"`
	UploadedBy  uint   `gorm:"not null"`
	CreatedAt   time.Time
}

// AuditEntry is one link of the append-only, hash-chained audit log.
type AuditEntry struct {
	Seq        int64     `gorm:"primaryKey;autoIncrement:false" json:"seq"`
	At         time.Time `gorm:"not null" json:"at"`
	ActorID    uint      `json:"actor_id"`
	Action     string    `gorm:"size:40;not null" json:"action"`
	EntityType string    `gorm:"size:20;not null;index:audit_entity,priority:1" json:"entity_type"`
	EntityID   string    `gorm:"size:200;not null;index:audit_entity,priority:2" json:"entity_id"`
	Before     string    `gorm:"type:text" json:"before,omitempty"`
	After      string    `gorm:"type:text" json:"after,omitempty"`
	PrevHash   string    `gorm:"size:64;not null" json:"prev_hash"`
	Hash       string    `gorm:"size:64;not null" json:"hash"`
	// UnitPath is the subtree the entry concerns ("" for the whole
	// country), so admins below the root list only their own. It is not
	// part of Hash: chains written before it existed still verify.
	UnitPath string `gorm:"size:400;not null" json:"unit_path"`
}

// AuditHead is the single row that serialises appends to the audit chain.
type AuditHead struct {
	ID   int    `gorm:"primaryKey;autoIncrement:false"`
	Seq  int64  `gorm:"not null"`
	Hash string `gorm:"size:64;not null"`
}

// Notification is one inbox entry of one user.
type Notification struct {
	ID        uint       `gorm:"primaryKey" json:"id"`
	UserID    uint       `gorm:"not null;uniqueIndex:notifications_key,priority:2;index" json:"-"`
	Key       string     `gorm:"size:200;not null;uniqueIndex:notifications_key,priority:1" json:"-"`
	Kind      string     `gorm:"size:40;not null" json:"kind"`
	TaskID    string     `gorm:"size:80" json:"task_id,omitempty"`
	TitleVi   string     `gorm:"size:300" json:"title_vi"`
	TitleEn   string     `gorm:"size:300" json:"title_en"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// OverdueCounter counts overdue open tasks below Ancestor, through its
// child Child on the path (Child = Ancestor for the ancestor's own tasks), by
// process and age bucket. Upserted in the transaction that changes a task;
// rebuilt daily as ages move between buckets.
type OverdueCounter struct {
	AncestorID  uint   `gorm:"primaryKey;autoIncrement:false"`
	ChildID     uint   `gorm:"primaryKey;autoIncrement:false"`
	ProcessKind string `gorm:"primaryKey;size:20"`
	Bucket      int    `gorm:"primaryKey;autoIncrement:false"`
	N           int64  `gorm:"not null"`
}

// CalendarDay overrides the computed calendar for one date: an official day
// off, or a swapped working day (a Saturday worked in exchange).
type CalendarDay struct {
	Date   string `gorm:"primaryKey;size:10" json:"date"` // yyyy-mm-dd
	Year   int    `gorm:"not null;index" json:"-"`
	Kind   string `gorm:"size:10;not null" json:"kind"` // holiday | workday
	NameVi string `gorm:"size:200" json:"name_vi,omitempty"`
	NameEn string `gorm:"size:200" json:"name_en,omitempty"`
}

// IdempotencyRecord keeps the first response to a (user, Idempotency-Key).
type IdempotencyRecord struct {
	UserID      uint   `gorm:"primaryKey;autoIncrement:false"`
	Key         string `gorm:"primaryKey;size:200"`
	Fingerprint string `gorm:"size:64;not null"`
	Status      int    `gorm:"not null"`
	Body        string `gorm:"type:text"`
	CreatedAt   time.Time
}

// Overdue age buckets.
const (
	Bucket1to3   = 1
	Bucket4to7   = 2
	Bucket8to30  = 3
	BucketOver30 = 4
)

// OverdueBucket returns the age bucket of a task due at due, seen at now.
// A task just past its due time is in the first bucket.
func OverdueBucket(due, now time.Time) int {
	days := int(now.Sub(due).Hours() / 24)
	switch {
	case days < 4:
		return Bucket1to3
	case days < 8:
		return Bucket4to7
	case days < 31:
		return Bucket8to30
	default:
		return BucketOver30
	}
}

// UnitClosure lists, for every unit, each of its ancestors (itself
// included) and the ancestor's child on the path to it, so roll-ups by
// subtree are joins and counter upserts touch one row per ancestor.
type UnitClosure struct {
	AncestorID uint `gorm:"primaryKey;autoIncrement:false"`
	UnitID     uint `gorm:"primaryKey;autoIncrement:false;index"`
	ChildID    uint `gorm:"not null"`
	Depth      int  `gorm:"not null"` // 0 for the unit itself
}
