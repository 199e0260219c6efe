package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"dsflow/models"
	"dsflow/store"
	"dsflow/unitcsv"
)

// maxUnitsCSV bounds an uploaded units file, as readBody bounds a body:
// the whole file or nothing, since a file cut short would import its last
// line wrong.
const maxUnitsCSV = 1 << 20

// handleImportUnits runs POST /units/import: a CSV of
// code,name,level,parent_code (the file `dsflow units import` reads), as
// the body itself (text/csv) or as the "file" part of a form. Every line
// is checked, then the units are upserted by code in one transaction,
// under the admin's own unit only; a refusal lists every bad line. With an
// Idempotency-Key a retry gets the first answer.
func (s *Server) handleImportUnits(c *gin.Context) {
	body, err := readUnitsFile(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		rows, lines := unitcsv.Parse(bytes.NewReader(body))
		if len(lines) > 0 {
			return 0, nil, lineErrors(lines)
		}
		if len(rows) == 0 {
			return 0, nil, models.Invalid(models.FieldError{Field: "file", Rule: "required"})
		}
		res, err := s.store.ImportUnitsIn(ctx, scopeOf(c), currentUser(c).ID, rows)
		var ie *store.ImportError
		if errors.As(err, &ie) {
			return 0, nil, lineErrors(ie.Lines)
		}
		if err != nil {
			return 0, nil, internal(err, "import units")
		}
		return http.StatusOK, res, nil
	})
}

// readUnitsFile reads the CSV from the body, or from a form's "file" part.
func readUnitsFile(c *gin.Context) ([]byte, error) {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch mt {
	case "text/csv", "text/plain", "application/octet-stream", "":
		return readBody(c)
	case "multipart/form-data":
	default:
		return nil, models.Invalid(models.FieldError{Field: "Content-Type", Rule: "oneof", Param: "text/csv multipart/form-data"})
	}
	// The form's other parts and boundaries need a little room over the
	// file itself.
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxUnitsCSV+64<<10)
	tooLarge := &models.Error{Code: models.EINVALID, Key: "error.too_large", Fields: []models.FieldError{{Field: "file", Rule: "max", Param: strconv.Itoa(maxUnitsCSV)}}}
	fh, err := c.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge
		}
		return nil, models.Invalid(models.FieldError{Field: "file", Rule: "required"})
	}
	f, err := fh.Open()
	if err != nil {
		return nil, internal(err, "open units file")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUnitsCSV+1))
	if err != nil {
		return nil, internal(err, "read units file")
	}
	if len(data) > maxUnitsCSV {
		return nil, tooLarge
	}
	return data, nil
}

// lineErrors turns the import's bad lines into one EINVALID whose fields
// are "line <n>.<column>", each with the rule "unit_<rule>" the catalogue
// words in the caller's language.
func lineErrors(lines []unitcsv.LineError) error {
	fields := make([]models.FieldError, 0, len(lines))
	for _, l := range lines {
		fields = append(fields, models.FieldError{Field: "line " + strconv.Itoa(l.Line) + "." + l.Field, Rule: "unit_" + l.Rule, Param: l.Param})
	}
	return &models.Error{Code: models.EINVALID, Key: "error.units_import", Fields: fields}
}
