package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// problem is the API's RFC 9457 problem document, as far as pages use it.
type problem struct {
	Status    int            `json:"status"`
	Code      string         `json:"code"`
	Title     string         `json:"title"`
	Detail    string         `json:"detail"`
	RequestID string         `json:"request_id"`
	Errors    []fieldProblem `json:"errors"`
	// State is the resource as it is now, after a conflict.
	State json.RawMessage `json:"state"`
}

// fieldProblem is one failing field, its message already in the page's
// language (the API renders it from the catalogue).
type fieldProblem struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

func (p *problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Code, p.Title) }

// apiCall is one in-process request to the API.
type apiCall struct {
	method, path string
	// body is JSON-encoded when not nil.
	body any
	// anonymous sends no bearer token (default: the session's).
	anonymous bool
	// idempotencyKey makes a command apply once however often it is sent.
	idempotencyKey string
	// raw, with its contentType, is sent as is instead of body (a file).
	raw         []byte
	contentType string
}

// call sends c to the API handler in-process, as the page's visitor: the
// visitor's address (for the API's login limits), language and session
// token go with it. A 2xx answer is decoded into out (when not nil); any
// other answer is returned as a problem, its title and field messages in
// the visitor's language.
func (h *Handler) call(r *http.Request, c apiCall, out any) *problem {
	rec, p := h.send(r, c)
	if p != nil {
		return p
	}
	if out != nil && rec.body.Len() > 0 {
		if err := json.Unmarshal(rec.body.Bytes(), out); err != nil {
			h.log.ErrorContext(r.Context(), "web: decode API answer", "path", c.path, "error", err)
			return &problem{Status: http.StatusInternalServerError, Code: "internal", Title: h.t(r, "error.internal")}
		}
	}
	return nil
}

// send is call without the decoding: the API's 2xx answer as it came (a
// file to pass on), or its problem.
func (h *Handler) send(r *http.Request, c apiCall) (*recorder, *problem) {
	var rd *bytes.Reader
	if c.body != nil {
		raw, err := json.Marshal(c.body)
		if err != nil {
			h.log.ErrorContext(r.Context(), "web: encode API body", "path", c.path, "error", err)
			return nil, &problem{Status: http.StatusInternalServerError, Code: "internal", Title: h.t(r, "error.internal")}
		}
		rd = bytes.NewReader(raw)
	} else {
		rd = bytes.NewReader(c.raw)
	}
	req, err := http.NewRequestWithContext(r.Context(), c.method, c.path, rd)
	if err != nil {
		h.log.ErrorContext(r.Context(), "web: build API request", "path", c.path, "error", err)
		return nil, &problem{Status: http.StatusInternalServerError, Code: "internal", Title: h.t(r, "error.internal")}
	}
	req.RemoteAddr = r.RemoteAddr
	if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Accept-Language", langOf(r))
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	} else if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	if token := h.sessionToken(r); token != "" && !c.anonymous {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if c.idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", c.idempotencyKey)
	}
	rec := newRecorder()
	h.api.ServeHTTP(rec, req)
	if rec.status >= 200 && rec.status < 300 {
		return rec, nil
	}
	p := &problem{}
	if !strings.Contains(rec.header.Get("Content-Type"), "json") || json.Unmarshal(rec.body.Bytes(), p) != nil || p.Code == "" {
		p = &problem{Title: h.t(r, "web.error.generic")}
	}
	p.Status = rec.status
	return nil, p
}

// formMessage is what a form shows above its fields after the API refused
// it: the problem's title and detail, and the messages of the fields the
// form has no place for (loose). A server error asks for a retry, which
// the form's key makes safe.
func (h *Handler) formMessage(r *http.Request, p *problem, loose []string) string {
	if p.Status >= 500 {
		return h.t(r, "web.error.try_again")
	}
	msg := p.Title
	if p.Detail != "" && p.Status != http.StatusTooManyRequests {
		msg += ": " + p.Detail
	}
	if len(loose) > 0 {
		msg += " (" + strings.Join(loose, "; ") + ")"
	}
	return msg
}

// recorder is the response writer of an in-process API call.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func newRecorder() *recorder { return &recorder{header: http.Header{}, status: http.StatusOK} }

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(status int) {
	if !w.wrote {
		w.status, w.wrote = status, true
	}
}

func (w *recorder) Write(b []byte) (int, error) {
	w.wrote = true
	return w.body.Write(b)
}

// Flush lets a handler flush (nothing to do: the answer is read whole).
func (w *recorder) Flush() {}
