package models

import (
	"encoding/json"
	"fmt"
	"time"
)

// Process template kinds: what a template runs as.
const (
	TemplateCampaign   = "campaign"    // a window over the unit tree (chiến dịch)
	TemplateBriefing   = "briefing"    // a periodic briefing (giao ban quý)
	TemplateAnnualPlan = "annual_plan" // the year's key tasks with targets
	TemplateReview     = "review"      // sơ kết / tổng kết: reports going up the tree
	TemplateDataUpdate = "data_update" // the recurring data-warehouse update
)

// TemplateKinds lists every template kind.
var TemplateKinds = []string{TemplateCampaign, TemplateBriefing, TemplateAnnualPlan, TemplateReview, TemplateDataUpdate}

// Due anchors: a step's due time counts from the window's start or end.
const (
	AnchorStart = "start"
	AnchorEnd   = "end"
)

// Step levels name where in the tree a step's task is given, relative to a
// process: the participating units, their parents up to the root, or the
// root (the launching unit) itself. A level name of the tree (province,
// district, commune, village) also works: the units of that level between
// the participants and the root.
const (
	StepLevelParticipant = "participant"
	StepLevelRoot        = "root"
)

// Indicator roll-ups: how a figure sums up the tree.
const (
	RollupSum   = "sum"   // the sum of the units' values
	RollupRatio = "ratio" // sum(numerator) / sum(denominator), in percent
)

// Late-submission rules of a template.
const (
	LateAccept = "accept" // a report is taken after the window closes
	LateRefuse = "refuse" // after the window (plus grace) no report is taken
)

// TemplateDef is what a process template says, as saved: data, not code.
// A process keeps the version it started with.
type TemplateDef struct {
	Kind         string         `json:"kind"`
	Title        Text           `json:"title"`
	Description  Text           `json:"description,omitempty"`
	Steps        []StepDef      `json:"steps"`
	Indicators   []IndicatorDef `json:"indicators,omitempty"`
	Late         LateRule       `json:"late"`
	DefaultLevel string         `json:"default_level,omitempty"` // the participating level when a launch names none
	Window       *WindowDefault `json:"window,omitempty"`        // a default window, e.g. 1/5–30/6
	Escalation   *Escalation    `json:"escalation,omitempty"`    // reminders and escalation of every step unless the step says otherwise
	Period       string         `json:"period,omitempty"`        // for recurring kinds: quarter, half, year, month
}

// WindowDefault is a template's usual window, as day and month of the
// launch year (a campaign of 1 May to 30 June).
type WindowDefault struct {
	StartDay   int `json:"start_day"`
	StartMonth int `json:"start_month"`
	EndDay     int `json:"end_day"`
	EndMonth   int `json:"end_month"`
}

// LateRule says whether a report is taken after the window.
type LateRule struct {
	Policy string `json:"policy"` // accept | refuse
	// GraceDays: days after a step's due time before a refusing template
	// closes it for submission (calendar days).
	GraceDays int `json:"grace_days,omitempty"`
}

// StepDef is one step of a process: a task given to each unit at a level.
type StepDef struct {
	Key          string `json:"key"`
	Title        Text   `json:"title"`
	Instructions Text   `json:"instructions,omitempty"`
	// Level is where the task is given: participant, root, or a unit level
	// between them (see StepLevel*).
	Level string `json:"level"`
	// Role is who at the unit does it: any holder claims it.
	Role string   `json:"role"`
	Form FormSpec `json:"form"`
	Due  DueRule  `json:"due"`
	// Repeat, when set, gives the step again every so many days from the
	// window's start while the window runs (progress reports): each
	// occurrence is a task of its own, due Repeat.EveryDays after the last.
	Repeat *RepeatRule `json:"repeat,omitempty"`
	// SignOff lists who decides the submission, in order.
	SignOff []SignOffRule `json:"sign_off,omitempty"`
	// Consolidates names the step whose figures from the units below this
	// step's unit are shown to it, prefilled (a district's consolidation).
	Consolidates string `json:"consolidates,omitempty"`
	// Freezes: once this step's task is approved, the process's figures
	// are frozen (the leader's sign-off).
	Freezes    bool        `json:"freezes,omitempty"`
	Priority   string      `json:"priority,omitempty"`
	Escalation *Escalation `json:"escalation,omitempty"`
}

// DueRule is a due time relative to the window: Days after (or, negative,
// before) the anchor, in calendar or working days, at the end of that day
// in Asia/Ho_Chi_Minh.
type DueRule struct {
	Anchor      string `json:"anchor"` // start | end
	Days        int    `json:"days"`
	WorkingDays bool   `json:"working_days,omitempty"`
}

// RepeatRule repeats a step through the window.
type RepeatRule struct {
	EveryDays int `json:"every_days"`
}

// SignOffRule is one level of a step's sign-off: Role at the step's own
// unit ("self"), its parent, or the process's root unit.
type SignOffRule struct {
	At   string `json:"at"` // self | parent | root
	Role string `json:"role"`
}

// Sign-off places.
const (
	SignOffSelf   = "self"
	SignOffParent = "parent"
	SignOffRoot   = "root"
)

// IndicatorDef is a figure some form fields report and that rolls up the
// tree against targets.
type IndicatorDef struct {
	Key   string `json:"key"`
	Title Text   `json:"title"`
	Unit  string `json:"unit,omitempty"` // of measure: người, ca, %
	// Step and Field name where a sum indicator is reported.
	Step  string `json:"step,omitempty"`
	Field string `json:"field,omitempty"`
	// Rollup is sum or ratio; a ratio is Numerator over Denominator (two
	// sum indicators), in percent.
	Rollup      string `json:"rollup"`
	Numerator   string `json:"numerator,omitempty"`
	Denominator string `json:"denominator,omitempty"`
	// Target is the usual target (chỉ tiêu) in the indicator's unit, for
	// every unit, when a launch hands down none: seed 001's 78% of pregnant
	// women screened before birth is the annual plan's, not each launch's.
	Target *float64 `json:"target,omitempty"`
}

// ProcessTemplate is one saved version of a template (the read model's
// process_templates). A version in use is never changed: a change is a new
// version under the same key.
type ProcessTemplate struct {
	ID             uint      `gorm:"primaryKey" json:"id"`
	Key            string    `gorm:"size:60;not null;uniqueIndex:process_templates_key,priority:1" json:"key"`
	Version        int       `gorm:"not null;uniqueIndex:process_templates_key,priority:2" json:"version"`
	Kind           string    `gorm:"size:20;not null" json:"kind"`
	TitleVi        string    `gorm:"size:300;not null" json:"-"`
	TitleEn        string    `gorm:"size:300" json:"-"`
	DefinitionJSON string    `gorm:"type:text;not null" json:"-"`
	BuiltIn        bool      `gorm:"not null" json:"built_in"`
	CreatedBy      uint      `json:"created_by,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// Title returns the version's bilingual title.
func (t ProcessTemplate) Title() Text { return Text{Vi: t.TitleVi, En: t.TitleEn} }

// Definition decodes the saved definition.
func (t ProcessTemplate) Definition() (TemplateDef, error) {
	var def TemplateDef
	if err := json.Unmarshal([]byte(t.DefinitionJSON), &def); err != nil {
		return def, fmt.Errorf("decode template %s v%d: %w", t.Key, t.Version, err)
	}
	return def, nil
}
