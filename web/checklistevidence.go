package web

import (
	"net/http"
	"strconv"
	"strings"

	"dsflow/models"
)

// evidencePrefix names a checklist item's photo input ("e_<key>").
const evidencePrefix = "e_"

// evidenceBodyLimit: a checklist section may carry several photos taken
// on the spot (the API takes maxUpload a file).
const evidenceBodyLimit = 32 << 20

// isChecklistPath reports whether p is /inspections/{id}/checklists/{unit}.
func isChecklistPath(p string) bool {
	return strings.HasPrefix(p, "/inspections/") && strings.Contains(p, "/checklists/")
}

// uploadEvidence attaches the photos posted for a section's evidence items
// to the inspector's checklist task (where the API looks for an answer's
// files) and adds them to the items' answers. A file the API refuses is
// named beside its item (errs); the others are kept. Each file's
// Idempotency-Key derives from the save's ID, so the same save sent again
// stores no photo twice.
func (h *Handler) uploadEvidence(r *http.Request, taskID, saveID string, sec models.SectionDef, answers map[string]models.Answer) (errs map[string]string) {
	errs = map[string]string{}
	if r.MultipartForm == nil || taskID == "" {
		return errs
	}
	for _, it := range sec.Items {
		if it.Answer != models.AnswerEvidence {
			continue
		}
		for i, fh := range r.MultipartForm.File[evidencePrefix+it.Key] {
			id, p := h.uploadOne(r, taskID, fh, derivedKey("evidence", saveID, it.Key, strconv.Itoa(i)))
			if p != nil {
				msg := p.Title
				for _, f := range p.Errors {
					msg = f.Message
				}
				errs[it.Key] = fh.Filename + ": " + msg
				continue
			}
			a := answers[it.Key]
			a.Files = append(a.Files, id)
			answers[it.Key] = a
		}
	}
	return errs
}
