package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
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
// named beside its item (errs); the others are kept.
func (h *Handler) uploadEvidence(r *http.Request, taskID string, sec models.SectionDef, answers map[string]models.Answer) (errs map[string]string) {
	errs = map[string]string{}
	if r.MultipartForm == nil || taskID == "" {
		return errs
	}
	for _, it := range sec.Items {
		if it.Answer != models.AnswerEvidence {
			continue
		}
		for _, fh := range r.MultipartForm.File[evidencePrefix+it.Key] {
			id, p := h.uploadOne(r, taskID, fh)
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

// uploadOne sends one file to POST /api/v1/tasks/{id}/attachments.
func (h *Handler) uploadOne(r *http.Request, taskID string, fh *multipart.FileHeader) (string, *problem) {
	f, err := fh.Open()
	if err != nil {
		return "", &problem{Status: http.StatusBadRequest, Title: h.t(r, "web.error.generic")}
	}
	defer f.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("file", fh.Filename)
	if err == nil {
		_, err = io.Copy(part, f)
	}
	if err != nil || mw.Close() != nil {
		return "", &problem{Status: http.StatusBadRequest, Title: h.t(r, "web.error.generic")}
	}
	var got struct {
		ID string `json:"id"`
	}
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/tasks/" + url.PathEscape(taskID) + "/attachments",
		raw: body.Bytes(), contentType: mw.FormDataContentType()}, &got)
	return got.ID, p
}
