package templates

import "dsflow/models"

// Keys of the built-in templates.
const (
	KeyCampaignSRHFP     = "campaign-srh-fp"
	KeyBriefingQuarterly = "briefing-quarterly"
	KeyAnnualPlan        = "annual-plan"
	KeyReviewMidYear     = "review-mid-year"
	KeyReviewAnnual      = "review-annual"
	KeyDataWarehouse     = "data-warehouse-update"
)

// Builtins returns the templates dsflow ships, by key, drawn from the
// programme's own reports (the seeds): the SRH/FP communication campaign,
// the quarterly briefing, the annual plan of nine key tasks, the mid-year
// and annual reviews, and the monthly data-warehouse update. Each call
// builds new values, so a caller may change what it gets.
//
// The store writes each as version 1 of its key and adds a version when
// the definition here changes; a template in use is never changed in place.
func Builtins() map[string]models.TemplateDef {
	return map[string]models.TemplateDef{
		KeyCampaignSRHFP:     campaignSRHFP(),
		KeyBriefingQuarterly: briefingQuarterly(),
		KeyAnnualPlan:        annualPlan(),
		KeyReviewMidYear:     reviewMidYear(),
		KeyReviewAnnual:      reviewAnnual(),
		KeyDataWarehouse:     dataWarehouseUpdate(),
	}
}

// defaultEscalation is the built-ins' rhythm: reminders three days and one
// day before the deadline, the unit's leaders told two days after it, the
// level above five days later.
func defaultEscalation() *models.Escalation {
	return &models.Escalation{RemindDaysBefore: []int{3, 1}, EscalateAfterDays: 2, EscalateUpAfterDays: 5}
}

// signedBy is a one-level sign-off by role at the step's own unit.
func signedBy(role string) []models.SignOffRule {
	return []models.SignOffRule{{At: models.SignOffSelf, Role: role}}
}

func tx(vi, en string) models.Text { return models.Text{Vi: vi, En: en} }

func startDays(d int) models.DueRule { return models.DueRule{Anchor: models.AnchorStart, Days: d} }
func endDays(d int) models.DueRule   { return models.DueRule{Anchor: models.AnchorEnd, Days: d} }
func endWorkingDays(d int) models.DueRule {
	return models.DueRule{Anchor: models.AnchorEnd, Days: d, WorkingDays: true}
}

// sumOf is a sum indicator over a step's field.
func sumOf(key, step, field, unit string, title models.Text) models.IndicatorDef {
	return models.IndicatorDef{Key: key, Title: title, Unit: unit, Step: step, Field: field, Rollup: models.RollupSum}
}

// ratioOf is a ratio indicator of two sum indicators, in percent.
func ratioOf(key, num, den, unit string, title models.Text) models.IndicatorDef {
	return models.IndicatorDef{Key: key, Title: title, Unit: unit, Numerator: num, Denominator: den, Rollup: models.RollupRatio}
}
