package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"dsflow/i18n"
	"dsflow/models"
)

// statusOf maps the error vocabulary to HTTP: the one place that does.
var statusOf = map[string]int{
	models.EINVALID:      http.StatusUnprocessableEntity,
	models.ENOTFOUND:     http.StatusNotFound,
	models.ECONFLICT:     http.StatusConflict,
	models.EUNAUTHORIZED: http.StatusUnauthorized,
	models.EFORBIDDEN:    http.StatusForbidden,
	models.ERATELIMIT:    http.StatusTooManyRequests,
	models.EUNAVAILABLE:  http.StatusServiceUnavailable,
	models.EINTERNAL:     http.StatusInternalServerError,
	codeMethodNotAllowed: http.StatusMethodNotAllowed,
}

// codeMethodNotAllowed is the API's own code for a route that exists with
// other methods; it is no error of the domain, so models does not have it.
const codeMethodNotAllowed = "method_not_allowed"

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type      string         `json:"type"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail,omitempty"`
	Instance  string         `json:"instance,omitempty"`
	Code      string         `json:"code"`
	RequestID string         `json:"request_id,omitempty"`
	Errors    []FieldProblem `json:"errors,omitempty"`
	// State is the current state of the resource after a conflict.
	State any `json:"state,omitempty"`
}

// FieldProblem is one failing field with a readable message.
type FieldProblem struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Param   string `json:"param,omitempty"`
	Message string `json:"message"`
}

// respondError writes err as problem+json. Application errors show their
// code, title and fields; anything else is logged with the request ID and
// the client sees only "internal error" and that ID.
func (s *Server) respondError(c *gin.Context, err error) {
	lang := langOf(c)
	e := models.AsError(err)
	if e == nil {
		e = &models.Error{Code: models.EINTERNAL, Err: err}
	}
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	key := e.Key
	if key == "" || !i18n.Has(key) {
		key = "error." + e.Code
	}
	p := Problem{
		Type: "urn:dsflow:problem:" + e.Code, Title: i18n.T(lang, key), Status: status, Code: e.Code,
		Instance: c.Request.URL.Path, RequestID: requestID(c),
	}
	if status >= 500 {
		s.log.ErrorContext(c.Request.Context(), "request failed", "request_id", p.RequestID, "route", c.FullPath(), "error", err)
	} else {
		p.Detail = e.Detail
		p.State = e.State
		for _, f := range e.Fields {
			p.Errors = append(p.Errors, FieldProblem{Field: f.Field, Rule: f.Rule, Param: f.Param, Message: ruleMessage(lang, f)})
		}
	}
	if status == http.StatusTooManyRequests && e.Detail != "" {
		c.Header("Retry-After", e.Detail)
		p.Detail = ""
	}
	c.Header("Content-Type", "application/problem+json; charset=utf-8")
	c.AbortWithStatusJSON(status, p)
}

// ruleMessage renders a field error in lang: from rule.<rule>.<param> when
// the catalogue words that parameter on its own ("rule.type.numeric"),
// else from rule.<rule>.
func ruleMessage(lang string, f models.FieldError) string {
	key := "rule." + f.Rule
	if byParam := key + "." + f.Param; f.Param != "" && i18n.Has(byParam) {
		key = byParam
	}
	if !i18n.Has(key) {
		return i18n.T(lang, "rule.type")
	}
	m, _ := i18n.Lookup(key)
	text := m.Vi
	if lang == i18n.EN {
		text = m.En
	}
	if strings.Contains(text, "%s") {
		return fmt.Sprintf(text, f.Param) // an empty Param leaves the verb blank
	}
	return text
}

// internal wraps an unexpected failure with context for the log.
func internal(err error, what string) error {
	if err == nil {
		return nil
	}
	if models.AsError(err) != nil {
		return err
	}
	return &models.Error{Code: models.EINTERNAL, Err: fmt.Errorf("%s: %w", what, err)}
}

// logNonFatal records an error that does not fail the request.
func (s *Server) logNonFatal(c *gin.Context, msg string, err error) {
	if err != nil && !errors.Is(err, c.Request.Context().Err()) {
		s.log.WarnContext(c.Request.Context(), msg, slog.String("request_id", requestID(c)), slog.Any("error", err))
	}
}
