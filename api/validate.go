package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/go-playground/validator/v10"

	"dsflow/models"
)

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// newValidator registers dsflow's rules once; field names in errors are the
// JSON names the client sent.
func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name := strings.SplitN(f.Tag.Get("json"), ",", 2)[0]
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	_ = v.RegisterValidation("role", func(fl validator.FieldLevel) bool { return models.ValidRole(fl.Field().String()) })
	_ = v.RegisterValidation("level", func(fl validator.FieldLevel) bool { return models.ValidLevel(fl.Field().String()) })
	_ = v.RegisterValidation("username", func(fl validator.FieldLevel) bool { return usernamePattern.MatchString(fl.Field().String()) })
	_ = v.RegisterValidation("password", func(fl validator.FieldLevel) bool { return len([]rune(fl.Field().String())) >= 8 })
	_ = v.RegisterValidation("priority", func(fl validator.FieldLevel) bool {
		switch fl.Field().String() {
		case "", models.PriorityLow, models.PriorityNormal, models.PriorityHigh, models.PriorityUrgent:
			return true
		}
		return false
	})
	return v
}

// bindJSON decodes the body strictly (unknown fields are errors) and
// validates it. EINVALID with field errors.
func (s *Server) bindJSON(c *gin.Context, dst any) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	return s.decodeJSON(body, dst)
}

// decodeJSON decodes a body strictly and validates it; an empty body is
// bad JSON (compare decodeBody, which takes it as {}).
func (s *Server) decodeJSON(body []byte, dst any) error {
	if err := decodeStrict(body, dst); err != nil {
		return err
	}
	return s.check(dst)
}

// decodeStrict decodes one JSON value, refusing unknown fields and
// trailing data; numbers in free-form maps stay exact (json.Number).
func decodeStrict(body []byte, dst any) error {
	// PostgreSQL text cannot hold NUL; refuse it here, where the client
	// still gets a 422, not deep in a workflow's write.
	if bytes.Contains(bytes.ToLower(body), []byte(`\u0000`)) {
		return models.Invalid(models.FieldError{Field: "body", Rule: "format", Param: "NUL"})
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return &models.Error{Code: models.EINVALID, Key: "error.bad_json"}
	}
	return nil
}

// check validates a struct with the registered rules.
func (s *Server) check(v any) error {
	err := s.validate.Struct(v)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return internal(err, "validate request")
	}
	fields := make([]models.FieldError, 0, len(ves))
	for _, fe := range ves {
		fields = append(fields, models.FieldError{Field: fieldPath(fe), Rule: ruleName(fe.Tag()), Param: fe.Param()})
	}
	return models.Invalid(fields...)
}

// fieldPath drops the struct name: "createTaskRequest.title.vi" → "title.vi".
// A generic struct's name holds its type arguments, dots and all
// ("addVersionRequest[dsflow/models.ChecklistDef].definition"), so the
// name ends at the first dot outside brackets.
func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	depth := 0
	for i, r := range ns {
		switch r {
		case '[':
			depth++
		case ']':
			depth--
		case '.':
			if depth == 0 {
				return ns[i+1:]
			}
		}
	}
	return ns
}

// ruleName maps validator tags to the catalogue's rule names.
func ruleName(tag string) string {
	switch tag {
	case "required", "required_without", "required_with":
		return "required"
	case "gte":
		return "min"
	case "lte":
		return "max"
	case "excluded_with":
		return "exclusive"
	case "dive":
		return "type"
	}
	return tag
}

func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return models.Invalid(models.FieldError{Field: typeErr.Field, Rule: "type", Param: typeErr.Type.String()})
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		return models.Invalid(models.FieldError{Field: strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`), Rule: "unknown"})
	}
	return &models.Error{Code: models.EINVALID, Key: "error.bad_json", Err: fmt.Errorf("decode body: %w", err)}
}

// pathID parses a numeric path parameter; a bad one is simply not found.
func pathID(c *gin.Context, name string) (uint, error) {
	var id uint
	raw := c.Param(name)
	if _, err := fmt.Sscan(raw, &id); err != nil || fmt.Sprint(id) != raw || id == 0 {
		return 0, models.NotFound(name)
	}
	return id, nil
}

// bindQuery binds and validates query parameters. A parameter that does not
// parse is named with the type it needs, never with the parser's message.
func (s *Server) bindQuery(c *gin.Context, dst any) error {
	if err := c.ShouldBindQuery(dst); err != nil {
		return models.Invalid(badQueryFields(c.Request.URL.Query(), dst)...)
	}
	return s.check(dst)
}

// badQueryFields binds each query parameter of dst's struct type alone to
// find those that do not parse.
func badQueryFields(q url.Values, dst any) []models.FieldError {
	typ := reflect.TypeOf(dst).Elem()
	var out []models.FieldError
	for i := range typ.NumField() {
		f := typ.Field(i)
		name := strings.SplitN(f.Tag.Get("form"), ",", 2)[0]
		vals, ok := q[name]
		if name == "" || name == "-" || !ok {
			continue
		}
		if binding.MapFormWithTag(reflect.New(typ).Interface(), map[string][]string{name: vals}, "form") != nil {
			out = append(out, models.FieldError{Field: name, Rule: "type", Param: kindName(f.Type)})
		}
	}
	if len(out) == 0 {
		out = append(out, models.FieldError{Field: "query", Rule: "type"})
	}
	return out
}

// kindName names the type a query parameter needs, for people.
func kindName(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeOf(time.Time{}):
		return "datetime"
	case t.Kind() == reflect.Bool:
		return "boolean"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "integer"
	}
	return t.Kind().String()
}
