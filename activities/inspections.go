package activities

import (
	"context"
	"time"

	"dsflow/models"
	"dsflow/plan"
	"dsflow/store"
)

// SignMinutes records the lead's signature of an inspection's minutes,
// signed now: the minutes get their number and each finding a deadline
// counted from the signing day, and it returns the remediation task each
// finding becomes. Retried, it returns what the first signature recorded.
func (a *Activities) SignMinutes(ctx context.Context, inspectionID string, leadID uint) (models.SignResult, error) {
	at := a.now()
	findings, err := a.Store.Findings(ctx, inspectionID)
	if err != nil {
		return models.SignResult{}, err
	}
	cal, err := a.calendar(ctx)
	if err != nil {
		return models.SignResult{}, err
	}
	due := make(map[uint]time.Time, len(findings))
	for _, f := range findings {
		due[f.ID] = plan.RemediationDue(f, at, cal)
	}
	in, recorded, err := a.Store.SignInspection(ctx, store.Signing{InspectionID: inspectionID, LeadID: leadID, At: at, Due: due})
	if err != nil {
		return models.SignResult{}, nonRetryableIfMissing(err)
	}
	specs, err := plan.Remediations(*in, recorded)
	if err != nil {
		return models.SignResult{}, err
	}
	return models.SignResult{Number: in.Number, Tasks: specs}, nil
}

// CloseInspection marks an inspection closed: every remediation is
// verified (or there were none).
func (a *Activities) CloseInspection(ctx context.Context, inspectionID string) error {
	return a.Store.CloseInspection(ctx, inspectionID)
}
