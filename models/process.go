package models

import "time"

// Process statuses.
const (
	ProcessScheduled = "scheduled" // waiting for its window to open
	ProcessRunning   = "running"
	ProcessCompleted = "completed" // the freezing step was approved
	ProcessCancelled = "cancelled"
)

// Process is one run of a template over the unit tree: a campaign, a
// briefing period, a review (the read model's processes). Its workflow ID
// is its ID.
type Process struct {
	ID              string `gorm:"primaryKey;size:40"`
	Kind            string `gorm:"size:20;not null"`
	TemplateID      uint   `gorm:"not null"`
	TemplateKey     string `gorm:"size:60;not null"`
	TemplateVersion int    `gorm:"not null"`
	Name            string `gorm:"size:300;not null"`
	RootUnitID      uint   `gorm:"not null"`
	RootPath        string `gorm:"size:400;not null;index"`
	// Level is the unit level that takes part (commune, say).
	Level       string `gorm:"size:20;not null"`
	WindowStart time.Time
	WindowEnd   time.Time
	Status      string `gorm:"size:12;not null"`
	// ScheduleID and Period name the recurring schedule that made the
	// process and its period ("2026-Q3"), for briefing cycles.
	ScheduleID string `gorm:"size:100;index"`
	Period     string `gorm:"size:20"`
	CreatedBy  uint
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ProcessTarget is a target (chỉ tiêu) of one indicator: for a unit, or
// (UnitID 0) the default of every participating unit.
type ProcessTarget struct {
	ProcessID string  `gorm:"primaryKey;size:40"`
	UnitID    uint    `gorm:"primaryKey;autoIncrement:false"`
	Indicator string  `gorm:"primaryKey;size:40"`
	Value     float64 `gorm:"not null"`
}

// Figure is what one unit reported for one indicator of a process: the
// latest submission of the task that reports it. Figures sum up the tree
// by the unit path; they freeze once the process is signed off.
type Figure struct {
	ProcessID string  `gorm:"primaryKey;size:40"`
	UnitID    uint    `gorm:"primaryKey;autoIncrement:false"`
	Indicator string  `gorm:"primaryKey;size:40"`
	UnitPath  string  `gorm:"size:400;not null"`
	Value     float64 `gorm:"not null"`
	TaskID    string  `gorm:"size:80;not null"`
	Revision  int     `gorm:"not null"`
	Frozen    bool    `gorm:"not null"`
	UpdatedAt time.Time
}

// Workflow type names of templated processes.
const (
	WorkflowCampaign    = "Campaign"    // a process over the tree: timer, launch, completion
	WorkflowBranch      = "Branch"      // one branch of a launch: writes its tasks, starts its unit hosts
	WorkflowProcessUnit = "ProcessUnit" // one unit's part in a process: hosts its tasks
)

// Signals and Updates of templated processes.
const (
	// UpdateCancelProcess cancels a process: what is outstanding is
	// cancelled, what was submitted stays.
	UpdateCancelProcess = "process.cancel"
	// SignalCancelUnit tells a unit host to cancel its outstanding tasks.
	SignalCancelUnit = "process.cancel_unit"
	// SignalRootDone tells a process its root unit's tasks are all done.
	SignalRootDone = "process.root_done"
)

// ProcessInput starts a process workflow.
type ProcessInput struct {
	ProcessID string `json:"process_id"`
}

// BranchInput names one branch of a launch: the units below UnitID (and
// UnitID itself unless ExcludeSelf; UnitID alone with OnlySelf). The
// process writes the branch's tasks with it (ActivityPrepareUnits), then
// starts the branch's workflow with Units, the hosts to start.
type BranchInput struct {
	ProcessID   string      `json:"process_id"`
	UnitID      uint        `json:"unit_id"`
	ExcludeSelf bool        `json:"exclude_self,omitempty"`
	OnlySelf    bool        `json:"only_self,omitempty"`
	Units       []UnitInput `json:"units,omitempty"`
}

// UnitInput starts (or continues) one unit's part in a process.
type UnitInput struct {
	ProcessID string `json:"process_id"`
	UnitID    uint   `json:"unit_id"`
	Root      bool   `json:"root,omitempty"` // tells the process when its tasks are done
	// AdoptAt is when the unit's first task can have a timer event: its
	// host reads its tasks then, or at its first command, not at its start.
	AdoptAt time.Time  `json:"adopt_at,omitempty"`
	Carry   *HostCarry `json:"carry,omitempty"`
	// Cancelled is carried once the unit's part was cancelled, with why.
	Cancelled    bool   `json:"cancelled,omitempty"`
	CancelReason string `json:"cancel_reason,omitempty"`
	MaxUpdates   int    `json:"max_updates,omitempty"`
}

// ProcessPlan is what a process workflow needs to launch: when, and the
// branches to launch (each a child workflow).
type ProcessPlan struct {
	WindowStart time.Time   `json:"window_start"`
	Status      string      `json:"status"`
	RootHostID  string      `json:"root_host_id"`
	Branches    []BranchRef `json:"branches"`
}

// BranchRef names one branch of a launch (see BranchInput).
type BranchRef struct {
	UnitID      uint `json:"unit_id"`
	ExcludeSelf bool `json:"exclude_self,omitempty"`
	OnlySelf    bool `json:"only_self,omitempty"`
}

// Activity names of templated processes.
const (
	ActivityPlanProcess       = "PlanProcess"
	ActivityPrepareUnits      = "PrepareUnits"
	ActivitySetProcessStatus  = "SetProcessStatus"
	ActivityCancelProcessUnit = "CancelProcessUnits"
)

// UnitHostID is the workflow ID of a unit's part in a process.
func UnitHostID(processID string, unitID uint) string {
	return processID + "/u" + uitoa(unitID)
}

func uitoa(u uint) string {
	if u == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for u > 0 {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
	}
	return string(b[i:])
}

// Cadences of a recurring schedule.
const (
	CadenceMonth   = "month"
	CadenceQuarter = "quarter"
	CadenceHalf    = "half"
	CadenceYear    = "year"
)

// Cadences lists every cadence.
var Cadences = []string{CadenceMonth, CadenceQuarter, CadenceHalf, CadenceYear}

// Schedule is a recurring cycle of a template (quarterly briefings, say):
// a Temporal Schedule that starts one process per period. The read model
// keeps what the schedule launches; pausing lives in Temporal.
type Schedule struct {
	ID          string `gorm:"primaryKey;size:40"`
	TemplateID  uint   `gorm:"not null"`
	TemplateKey string `gorm:"size:60;not null"`
	Name        string `gorm:"size:300;not null"`
	RootUnitID  uint   `gorm:"not null"`
	RootPath    string `gorm:"size:400;not null;index"`
	Level       string `gorm:"size:20;not null"`
	Cadence     string `gorm:"size:10;not null"`
	// CatchUp: a period missed while dsflow was down is launched when it
	// comes back (within the period); otherwise it is skipped.
	CatchUp   bool `gorm:"not null"`
	Deleted   bool `gorm:"not null"`
	CreatedBy uint
	CreatedAt time.Time
}

// Conclusion is one of a leader's conclusions at a briefing (kết luận chỉ
// đạo): it names units and a deadline and became tasks of the next period.
type Conclusion struct {
	ID        uint   `gorm:"primaryKey"`
	ProcessID string `gorm:"size:40;not null;index"`
	Seq       int    `gorm:"not null"`
	Text      string `gorm:"type:text;not null"`
	DueAt     time.Time
	HostID    string `gorm:"size:200;not null"`
	CreatedBy uint
	CreatedAt time.Time
}

// WorkflowScheduledProcess is what a schedule starts each period.
const WorkflowScheduledProcess = "ScheduledProcess"

// ScheduledInput starts a schedule's period.
type ScheduledInput struct {
	ScheduleID string `json:"schedule_id"`
}

// ActivityStartPeriod records the process of a schedule's period.
const ActivityStartPeriod = "StartPeriod"
