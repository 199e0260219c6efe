package web

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"dsflow/models"
)

// maxUpload is the API's largest attachment (api/attachments.go); a
// page's upload may be that and the form around it.
const (
	maxUpload       = 10 << 20
	uploadBodyLimit = maxUpload + 1<<20
	pageBodyLimit   = 1 << 20
)

// bodyLimit is how much a request to the pages may send: a page's upload
// form a file, a checklist section its photos, every other form far less.
func bodyLimit(r *http.Request) int64 {
	switch {
	case r.Method != http.MethodPost:
		return pageBodyLimit
	case isUploadPath(r.URL.Path):
		return uploadBodyLimit
	case isChecklistPath(r.URL.Path):
		return evidenceBodyLimit
	}
	return pageBodyLimit
}

// isUploadPath reports whether p is /tasks/{id}/attachments.
func isUploadPath(p string) bool {
	rest, ok := strings.CutPrefix(p, "/tasks/")
	id, tail, _ := strings.Cut(rest, "/")
	return ok && id != "" && tail == "attachments"
}

// attachment is a file of a task, as GET /api/v1/tasks/{id}/attachments
// lists it.
type attachment struct {
	ID          string    `json:"id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	UploadedBy  uint      `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
	// Linked: a submission or comment carries it already.
	Linked bool `json:"-"`
}

// Image reports whether the file is a picture (a photo from the phone).
func (a attachment) Image() bool { return strings.HasPrefix(a.ContentType, "image/") }

// taskFiles lists a task's files, each marked when an event links it. A
// failed read leaves the list empty: the page is about the task.
func (h *Handler) taskFiles(r *http.Request, t task) []attachment {
	var list struct {
		Items []attachment `json:"items"`
	}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/tasks/" + url.PathEscape(t.ID) + "/attachments"}, &list); p != nil {
		return nil
	}
	for i := range list.Items {
		list.Items[i].Linked = slices.ContainsFunc(t.History, func(e event) bool { return slices.Contains(e.Attachments, list.Items[i].ID) })
	}
	return list.Items
}

// handleUpload sends a file from the task page's upload form (a photo
// taken with the phone's camera, or any file) to the API, which keeps it
// with the task; the submit form then offers to send it with the report.
func (h *Handler) handleUpload(w http.ResponseWriter, r *http.Request, u *user) {
	id := r.PathValue("id")
	parseErr := r.ParseMultipartForm(uploadBodyLimit)
	var tooBig *http.MaxBytesError
	if errors.As(parseErr, &tooBig) {
		h.uploadRefused(w, r, u, id, http.StatusRequestEntityTooLarge, h.t(r, "web.files.too_large", maxUpload>>20))
		return
	}
	key := r.PostFormValue(fieldKey)
	if !h.checkCSRF(r, sessionBinding(h.sessionToken(r))) || !keyPattern.MatchString(key) {
		h.uploadRefused(w, r, u, id, http.StatusForbidden, h.t(r, "web.csrf"))
		return
	}
	fh := pickedFile(r, "photo", "file")
	if fh == nil {
		h.uploadRefused(w, r, u, id, http.StatusUnprocessableEntity, h.t(r, "web.files.none"))
		return
	}
	if fh.Size > maxUpload {
		h.uploadRefused(w, r, u, id, http.StatusRequestEntityTooLarge, h.t(r, "web.files.too_large", maxUpload>>20))
		return
	}
	// The form's key makes a double tap, or a retry after a lost answer,
	// store the file once.
	_, p := h.uploadOne(r, id, fh, key)
	if p == nil {
		http.Redirect(w, r, "/tasks/"+url.PathEscape(id)+"?done=upload#files", http.StatusSeeOther)
		return
	}
	if p.Status == http.StatusUnauthorized {
		h.setCookie(w, r, cookieSession, "", time.Time{})
		http.Redirect(w, r, "/login?expired=1&next="+url.QueryEscape("/tasks/"+id), http.StatusSeeOther)
		return
	}
	msg := h.formMessage(r, p, fieldMessages(p))
	if p.Code == "invalid" && slices.ContainsFunc(p.Errors, func(f fieldProblem) bool { return f.Rule == "max" }) {
		msg = h.t(r, "web.files.too_large", maxUpload>>20)
	}
	h.uploadRefused(w, r, u, id, p.Status, msg)
}

// pickedFile is the first file the form carries under one of names.
func pickedFile(r *http.Request, names ...string) *multipart.FileHeader {
	if r.MultipartForm == nil {
		return nil
	}
	for _, n := range names {
		for _, fh := range r.MultipartForm.File[n] {
			if fh.Size > 0 {
				return fh
			}
		}
	}
	return nil
}

// uploadOne sends one file to POST /api/v1/tasks/{id}/attachments as its
// multipart "file" field, under the Idempotency-Key key.
func (h *Handler) uploadOne(r *http.Request, taskID string, fh *multipart.FileHeader, key string) (string, *problem) {
	body, ctype, err := repack(fh)
	if err != nil {
		h.log.ErrorContext(r.Context(), "web: read an uploaded file", "error", err)
		return "", &problem{Status: http.StatusBadRequest, Title: h.t(r, "web.error.try_again")}
	}
	var got struct {
		ID string `json:"id"`
	}
	p := h.call(r, apiCall{method: http.MethodPost, path: "/api/v1/tasks/" + url.PathEscape(taskID) + "/attachments",
		raw: body, contentType: ctype, idempotencyKey: key}, &got)
	return got.ID, p
}

// repack writes the file as the API's multipart "file" field.
func repack(fh *multipart.FileHeader) ([]byte, string, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("file", fh.Filename)
	if err != nil {
		return nil, "", err
	}
	if _, err := io.Copy(part, io.LimitReader(f, maxUpload+1)); err != nil {
		return nil, "", err
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), mw.FormDataContentType(), nil
}

// uploadRefused shows the task again with the message at its upload form.
func (h *Handler) uploadRefused(w http.ResponseWriter, r *http.Request, u *user, id string, status int, msg string) {
	var t task
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/tasks/" + url.PathEscape(id)}, &t); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	page := h.newTaskPage(u, t, savedValues(t.Form, t.Data), nil)
	page.FormError["upload"] = msg
	h.renderTask(w, r, u, status, page)
}

// handleDownload passes on a file of a task, as the API gives it.
func (h *Handler) handleDownload(w http.ResponseWriter, r *http.Request, u *user) {
	rec, p := h.send(r, apiCall{method: http.MethodGet, path: "/api/v1/tasks/" + url.PathEscape(r.PathValue("id")) + "/attachments/" + url.PathEscape(r.PathValue("file"))})
	if p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	hd := w.Header()
	for _, k := range []string{"Content-Type", "Content-Disposition", "X-Content-SHA256"} {
		if v := rec.header.Get(k); v != "" {
			hd.Set(k, v)
		}
	}
	hd.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	hd.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(rec.body.Bytes())
}

// fileSize writes a size for people: 820 KB, 1,4 MB.
func fileSize(lang string, n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		return formatNumber(lang, float64((n+512)>>10)) + " KB"
	}
	return formatNumber(lang, float64(n*10/(1<<20))/10) + " MB"
}

// Size writes a file's size in the page's language.
func (v *view) Size(n int64) string { return fileSize(v.Lang, n) }

// Unlinked are the task's files no submission or comment carries yet:
// the submit form offers to send them.
func (p *taskPage) Unlinked() []attachment {
	var out []attachment
	for _, a := range p.Files {
		if !a.Linked {
			out = append(out, a)
		}
	}
	return out
}

// MaxUpload and MaxUploadMB are the largest file, for the page's words and
// its script's check before sending.
func (p *taskPage) MaxUpload() int   { return maxUpload }
func (p *taskPage) MaxUploadMB() int { return maxUpload >> 20 }

// nameFiles shows a file field's value, a file's ID, as the file's name.
func nameFiles(t task, data []shown, files []attachment) []shown {
	names := map[string]string{}
	for _, f := range t.Form.Fields {
		if id, ok := t.Data[f.Name].(string); ok && f.Type == models.FieldFile {
			if i := slices.IndexFunc(files, func(a attachment) bool { return a.ID == id }); i >= 0 {
				names[id] = files[i].Filename
			}
		}
	}
	for i, d := range data {
		if n, ok := names[d.Value]; ok {
			data[i].Value = n
		}
	}
	return data
}
