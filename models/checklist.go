package models

import (
	"encoding/json"
	"fmt"
	"time"
)

// Checklist answer types.
const (
	AnswerYesNo    = "yesno"    // yes | no | na (not applicable)
	AnswerScore    = "score"    // 0..MaxScore
	AnswerNumber   = "number"   // a number, within Min/Max when set
	AnswerText     = "text"     // free text
	AnswerChoice   = "choice"   // one of Choices
	AnswerMulti    = "multi"    // some of Choices
	AnswerEvidence = "evidence" // uploaded files (attachment IDs)
)

// AnswerTypes lists every answer type.
var AnswerTypes = []string{AnswerYesNo, AnswerScore, AnswerNumber, AnswerText, AnswerChoice, AnswerMulti, AnswerEvidence}

// What a failing item requires.
const (
	RequireComment  = "comment"
	RequireEvidence = "evidence"
	RequireBoth     = "both"
)

// ChecklistDef is what a checklist template says, as saved: sections of
// items an inspector answers at a visit. An inspection keeps the version
// it started with.
type ChecklistDef struct {
	Title       Text         `json:"title"`
	Description Text         `json:"description,omitempty"`
	Sections    []SectionDef `json:"sections"`
}

// SectionDef is one section of a checklist (planning and direction, say).
type SectionDef struct {
	Key   string    `json:"key"`
	Title Text      `json:"title"`
	Items []ItemDef `json:"items"`
}

// ItemDef is one item of a checklist.
type ItemDef struct {
	Key    string `json:"key"`
	Text   Text   `json:"text"`
	Answer string `json:"answer"` // see Answer*
	// MaxScore is the top of a score item (≥ 1).
	MaxScore int `json:"max_score,omitempty"`
	// Min and Max bound a number item.
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
	// Choices of a choice or multi item.
	Choices []string `json:"choices,omitempty"`
	// Weight of the item in the total score (default 1); a text, number,
	// evidence, choice or multi item scores nothing.
	Weight float64 `json:"weight,omitempty"`
	// RequireOnFail: a failing answer (no, or a score under half of
	// MaxScore) must come with a comment, evidence, or both.
	RequireOnFail string `json:"require_on_fail,omitempty"`
	// Required: the item must be answered before the checklist is
	// submitted (an N/A answer counts).
	Required bool `json:"required,omitempty"`
}

// Answer is an inspector's answer to one item.
type Answer struct {
	// Value: "yes", "no" or "na" for yesno; a number for score and number;
	// text; one choice; a list of choices for multi. Evidence items and
	// evidence of a failing item go in Files.
	Value   any      `json:"value,omitempty"`
	Comment string   `json:"comment,omitempty"`
	Files   []string `json:"files,omitempty"`
}

// ChecklistTemplate is one saved version of a checklist template (the read
// model's checklist_templates), never changed in place.
type ChecklistTemplate struct {
	ID             uint      `gorm:"primaryKey" json:"id"`
	Key            string    `gorm:"size:60;not null;uniqueIndex:checklist_templates_key,priority:1" json:"key"`
	Version        int       `gorm:"not null;uniqueIndex:checklist_templates_key,priority:2" json:"version"`
	TitleVi        string    `gorm:"size:300;not null" json:"-"`
	TitleEn        string    `gorm:"size:300" json:"-"`
	DefinitionJSON string    `gorm:"type:text;not null" json:"-"`
	BuiltIn        bool      `gorm:"not null" json:"built_in"`
	CreatedBy      uint      `json:"created_by,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// Title returns the version's bilingual title.
func (t ChecklistTemplate) Title() Text { return Text{Vi: t.TitleVi, En: t.TitleEn} }

// Definition decodes the saved definition.
func (t ChecklistTemplate) Definition() (ChecklistDef, error) {
	var def ChecklistDef
	if err := json.Unmarshal([]byte(t.DefinitionJSON), &def); err != nil {
		return def, fmt.Errorf("decode checklist %s v%d: %w", t.Key, t.Version, err)
	}
	return def, nil
}
