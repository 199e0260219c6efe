package models

import "time"

// Screening types.
const (
	ScreeningPrenatal = "prenatal" // sàng lọc trước sinh
	ScreeningNewborn  = "newborn"  // sàng lọc sơ sinh
)

// Screening results. A result other than normal starts the protocol's
// follow-up.
const (
	ResultNormal   = "normal"
	ResultPositive = "positive" // a screening test positive: confirm it
	ResultHighRisk = "high_risk"
)

// ScreeningResults lists every result.
var ScreeningResults = []string{ResultNormal, ResultPositive, ResultHighRisk}

// Case statuses and outcomes.
const (
	CaseOpen   = "open"   // follow-up under way
	CaseClosed = "closed" // ended with an outcome

	OutcomeNormal   = "normal"   // the screening or a confirmatory test was normal
	OutcomeTreated  = "treated"  // treated or managed to the protocol's end
	OutcomeReferred = "referred" // referred to a higher level of care, which takes it from here
	OutcomeLost     = "lost"     // lost to follow-up after the attempts the protocol allows
)

// Step outcomes a station records on a step's task (the "outcome" field):
// go on to the next step, or end the case.
const StepNext = "next"

// Step task form fields every protocol step has.
const (
	StepFieldReached = "reached" // yes | no: was the person reached
	StepFieldOutcome = "outcome" // StepNext or an outcome
	StepFieldNote    = "note"
)

// ProtocolDef is a follow-up protocol as saved (versioned like process
// templates; a case keeps the version it started with). It holds no
// personal data.
type ProtocolDef struct {
	Title       Text   `json:"title"`
	Description Text   `json:"description,omitempty"`
	Type        string `json:"type"` // prenatal | newborn
	// Steps are done in order: confirmatory test, counselling, referral,
	// follow-up visits.
	Steps []ProtocolStep `json:"steps"`
	// MaxAttempts is how many times a step is tried when the person cannot
	// be reached before the case is lost to follow-up (default 3);
	// RetryDays is the deadline of a new attempt (default 3 days).
	MaxAttempts int `json:"max_attempts,omitempty"`
	RetryDays   int `json:"retry_days,omitempty"`
}

// ProtocolStep is one step of a protocol: a task for the health station,
// due DueDays (working days when WorkingDays) after the screening for the
// first step, after the previous step's completion for the others.
type ProtocolStep struct {
	Key          string `json:"key"`
	Title        Text   `json:"title"`
	Instructions Text   `json:"instructions,omitempty"`
	DueDays      int    `json:"due_days"`
	WorkingDays  bool   `json:"working_days,omitempty"`
}

// ProtocolTemplate is one saved version of a protocol (the read model's
// screening_protocols), never changed in place.
type ProtocolTemplate struct {
	ID             uint      `gorm:"primaryKey" json:"id"`
	Key            string    `gorm:"size:60;not null;uniqueIndex:screening_protocols_key,priority:1" json:"key"`
	Version        int       `gorm:"not null;uniqueIndex:screening_protocols_key,priority:2" json:"version"`
	TitleVi        string    `gorm:"size:300;not null" json:"-"`
	TitleEn        string    `gorm:"size:300" json:"-"`
	DefinitionJSON string    `gorm:"type:text;not null" json:"-"`
	BuiltIn        bool      `gorm:"not null" json:"built_in"`
	CreatedBy      uint      `json:"created_by,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// TableName keeps GORM's name explicit.
func (ProtocolTemplate) TableName() string { return "screening_protocols" }

// Person is who a case is about: personal data, sealed at rest and never
// in a log, a search attribute or a plain workflow payload.
type Person struct {
	FullName     string `json:"full_name"`
	DateOfBirth  string `json:"date_of_birth"` // yyyy-mm-dd
	Phone        string `json:"phone,omitempty"`
	Address      string `json:"address,omitempty"`
	GuardianName string `json:"guardian_name,omitempty"` // a newborn's mother or guardian
}

// ScreeningCase is one screened pregnancy or newborn (the read model's
// screening_cases). Its ID is pseudonymous; the person and the result are
// sealed (PersonSealed, ResultSealed); what stays plain is what lists,
// filters and coverage need and what says nothing of a named person.
type ScreeningCase struct {
	ID              string `gorm:"primaryKey;size:40"`
	Type            string `gorm:"size:12;not null"`
	UnitID          uint   `gorm:"not null"`
	UnitPath        string `gorm:"size:400;not null;index"`
	ProtocolID      uint   `gorm:"not null"`
	ProtocolKey     string `gorm:"size:60;not null"`
	ProtocolVersion int    `gorm:"not null"`
	ScreenedOn      time.Time
	Status          string `gorm:"size:12;not null"`
	// Step is the index of the current step; Attempt the current try at it.
	Step    int `gorm:"not null"`
	Attempt int `gorm:"not null"`
	// PersonSealed and ResultSealed hold the person (JSON) and the result,
	// sealed under a key of the keyring, bound to the case's ID.
	PersonSealed string `gorm:"type:text;not null"`
	ResultSealed string `gorm:"type:text;not null"`
	// OutcomeSealed is the outcome once closed.
	OutcomeSealed string `gorm:"type:text;not null"`
	// PhoneIndex is a keyed hash of the phone number, to find a person's
	// cases without decrypting (a data subject's request).
	PhoneIndex string `gorm:"size:64;index"`
	ClosedAt   *time.Time
	CreatedBy  uint
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// CaseAccess is one read of a case's personal data (the access log).
type CaseAccess struct {
	ID      uint   `gorm:"primaryKey"`
	CaseID  string `gorm:"size:40;not null;index"`
	UserID  uint   `gorm:"not null"`
	Purpose string `gorm:"size:200;not null"`
	// UnitPath is the case's unit, so an admin lists the reads of their
	// subtree only.
	UnitPath string `gorm:"size:400;not null;index"`
	At       time.Time
}

// TableName keeps GORM's name explicit.
func (CaseAccess) TableName() string { return "case_access_log" }

// ScreeningTarget is a unit's coverage target and denominator for a year
// and type: expected pregnancies (prenatal) or births (newborn).
type ScreeningTarget struct {
	UnitID      uint    `gorm:"primaryKey;autoIncrement:false"`
	Year        int     `gorm:"primaryKey;autoIncrement:false"`
	Type        string  `gorm:"primaryKey;size:12"`
	Target      float64 `gorm:"not null"` // percent
	Denominator int     `gorm:"not null"`
	UpdatedBy   uint
	UpdatedAt   time.Time
}

// Default coverage targets (seed 001: 78% of pregnant women screened before
// birth, 86% of newborns).
const (
	DefaultPrenatalTarget = 78.0
	DefaultNewbornTarget  = 86.0
)

// Workflow, messages and activities of screening.
const (
	WorkflowScreeningCase = "ScreeningCase"
	// UpdateTransferCase moves a case to the station of the commune the
	// person moved to: it takes over the open step.
	UpdateTransferCase = "screening.transfer"

	ActivityLoadCase     = "LoadCase"
	ActivityAdvanceCase  = "AdvanceCase"
	ActivityTransferCase = "TransferCase"
)

// Task kind of a protocol step's task.
const KindScreeningStep = "screening-step"

// CaseInput starts (or continues) a case's workflow. It names the case
// only: the workflow reads the rest (no personal data) by activity.
type CaseInput struct {
	CaseID string     `json:"case_id"`
	Carry  *HostCarry `json:"carry,omitempty"`
	// AdoptAt puts off reading the first step's task until its first
	// reminder could fire (or a command comes): the station was told of it
	// when the case was recorded, so a started case costs one activity.
	AdoptAt time.Time `json:"adopt_at,omitzero"`
	// State is where the case stands: given by the API when it records
	// the case, carried across a continue-as-new (nil: the workflow loads
	// it, as workflows started before it was given do).
	State *CaseState `json:"state,omitempty"`
}

// CaseState is what a case's workflow knows: its protocol (no personal
// data), where it stands, and its unit.
type CaseState struct {
	CaseID   string      `json:"case_id"`
	Protocol ProtocolDef `json:"protocol"`
	UnitID   uint        `json:"unit_id"`
	UnitPath string      `json:"unit_path"`
	Step     int         `json:"step"`
	Attempt  int         `json:"attempt"`
	Status   string      `json:"status"`
	// StepTask is the ID of the open step's task; Moves counts the times
	// the case moved while at it.
	StepTask string `json:"step_task"`
	Moves    int    `json:"moves,omitempty"`
	// Pending is a completed step's decision not yet acted on.
	Pending *CaseAdvance `json:"pending,omitempty"`
}

// CaseAdvance is what a completed step decided and AdvanceCase records:
// the case's next position (a new step, or a new attempt at the same one
// when Retry), or its end with an outcome.
type CaseAdvance struct {
	CaseID  string `json:"case_id"`
	Step    int    `json:"step"`
	Attempt int    `json:"attempt"`
	Retry   bool   `json:"retry,omitempty"`
	Outcome string `json:"outcome,omitempty"`
	ActorID uint   `json:"actor_id"`
}

// TransferCommand is the input of UpdateTransferCase.
type TransferCommand struct {
	Actor    Actor  `json:"actor"`
	UnitID   uint   `json:"unit_id"`
	UnitPath string `json:"unit_path"`
	Reason   string `json:"reason"`
}
