package models

import "time"

// Inspection statuses.
const (
	InspectionPlanned = "planned" // checklists given, the visit to come or going on
	InspectionSigned  = "signed"  // the lead signed the minutes: answers and findings are final
	InspectionClosed  = "closed"  // every remediation was verified
)

// Team roles.
const (
	TeamLeadRole   = "lead"
	TeamMemberRole = "member"
)

// Finding severities.
const (
	SeverityHigh   = "high"
	SeverityMedium = "medium"
	SeverityLow    = "low"
)

// Severities lists every severity.
var Severities = []string{SeverityHigh, SeverityMedium, SeverityLow}

// Inspection is a visit of a team of the inspecting unit to one or more
// units, with a checklist (the read model's inspections). Its workflow's
// ID is its ID.
type Inspection struct {
	ID               string `gorm:"primaryKey;size:40"`
	Name             string `gorm:"size:300;not null"`
	ChecklistID      uint   `gorm:"not null"`
	ChecklistKey     string `gorm:"size:60;not null"`
	ChecklistVersion int    `gorm:"not null"`
	// The inspecting unit (đoàn kiểm tra of the province, say).
	UnitID      uint   `gorm:"not null"`
	UnitPath    string `gorm:"size:400;not null;index"`
	LeadID      uint   `gorm:"not null"`
	WindowStart time.Time
	WindowEnd   time.Time
	Status      string `gorm:"size:12;not null"`
	// Number is the minutes' document number, given at signing.
	Number    string `gorm:"size:40"`
	SignedAt  *time.Time
	CreatedBy uint
	CreatedAt time.Time
	UpdatedAt time.Time
}

// InspectedUnit is a unit an inspection visits.
type InspectedUnit struct {
	InspectionID string `gorm:"primaryKey;size:40"`
	UnitID       uint   `gorm:"primaryKey;autoIncrement:false"`
	UnitPath     string `gorm:"size:400;not null;index"`
}

// TeamMember is a member of an inspection's team.
type TeamMember struct {
	InspectionID string `gorm:"primaryKey;size:40"`
	UserID       uint   `gorm:"primaryKey;autoIncrement:false;index"`
	Role         string `gorm:"size:10;not null"` // lead | member
}

// ChecklistSheet is one inspector's checklist for one unit: the answers
// saved so far (a draft) or submitted. Saves are ordered by Version; each
// save names itself (SaveID, made by the client) so a retried save is
// recognised.
type ChecklistSheet struct {
	InspectionID string  `gorm:"primaryKey;size:40"`
	UnitID       uint    `gorm:"primaryKey;autoIncrement:false"`
	InspectorID  uint    `gorm:"primaryKey;autoIncrement:false"`
	TaskID       string  `gorm:"size:80;not null"`
	AnswersJSON  string  `gorm:"type:text;not null"`
	Version      int     `gorm:"not null"`
	SaveID       string  `gorm:"size:64;not null"`
	Submitted    bool    `gorm:"not null"`
	Score        float64 `gorm:"not null"`
	MaxScore     float64 `gorm:"not null"`
	UpdatedAt    time.Time
}

// Finding is a shortcoming an inspector recorded (tồn tại, hạn chế), with
// the remediation it asks of the unit by a deadline. At signing it becomes
// the unit's remediation task.
type Finding struct {
	ID           uint   `gorm:"primaryKey"`
	InspectionID string `gorm:"size:40;not null;index"`
	UnitID       uint   `gorm:"not null"`
	UnitPath     string `gorm:"size:400;not null"`
	ItemKey      string `gorm:"size:40"`
	Severity     string `gorm:"size:10;not null"`
	Description  string `gorm:"type:text;not null"`
	// DueDays (working days when WorkingDays) after the signing, or DueAt.
	DueDays     int  `gorm:"not null"`
	WorkingDays bool `gorm:"not null"`
	DueAt       *time.Time
	// SaveID names the request that recorded it (unique in its
	// inspection), so a retry adds nothing.
	SaveID    string `gorm:"size:64;not null"`
	TaskID    string `gorm:"size:80"`
	CreatedBy uint
	CreatedAt time.Time
}

// Task kinds of an inspection.
const (
	KindChecklist   = "checklist"   // an inspector's checklist for a unit
	KindRemediation = "remediation" // a unit's remediation of a finding
)

// Workflow and messages of inspections.
const (
	WorkflowInspection = "Inspection"
	// UpdateSignMinutes: the lead signs the minutes; answers and findings
	// are final, and each finding becomes a remediation task.
	UpdateSignMinutes = "inspection.sign"
	// Activities of inspections.
	ActivitySignMinutes     = "SignMinutes"
	ActivityCloseInspection = "CloseInspection"
)

// InspectionInput starts (or continues) an inspection's workflow.
type InspectionInput struct {
	InspectionID string     `json:"inspection_id"`
	LeadID       uint       `json:"lead_id"`
	Signed       bool       `json:"signed,omitempty"`
	Carry        *HostCarry `json:"carry,omitempty"`
}

// SignCommand is the input of UpdateSignMinutes.
type SignCommand struct {
	Actor Actor `json:"actor"`
}

// SignResult is what signing returns: the remediation tasks to host.
type SignResult struct {
	Number string     `json:"number"`
	Tasks  []TaskSpec `json:"tasks"`
}
