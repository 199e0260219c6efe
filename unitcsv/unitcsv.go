// Package unitcsv reads the official list of administrative units (code,
// name, level, parent code) from CSV, reporting every bad row by its line
// number so that a file is imported whole or not at all.
package unitcsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"dsflow/models"
)

// Row is one unit of the file.
type Row struct {
	Line       int
	Code       string
	Name       string
	Level      string
	ParentCode string
}

// LineError is a problem with one line. Reason is English for the
// command line; Rule (with Param) names the problem for a caller that
// words it in the reader's language (the API's catalogue, "rule.unit_"+Rule).
type LineError struct {
	Line   int    `json:"line"`
	Field  string `json:"field"`
	Rule   string `json:"rule"`
	Param  string `json:"param,omitempty"`
	Reason string `json:"reason"`
}

// Rules of line errors.
const (
	RuleCSV        = "csv"         // the line is not valid CSV
	RuleColumns    = "columns"     // not 3 or 4 columns
	RuleCode       = "code"        // the code's format
	RuleName       = "name"        // the name missing or too long
	RuleLevel      = "level"       // not a level
	RuleSelfParent = "self_parent" // a unit its own parent
	RuleDuplicate  = "duplicate"   // the code is on an earlier line (Param)
	RuleParent     = "parent"      // no unit has the parent code (Param), or a cycle
	RuleMove       = "move"        // a unit moved under its own descendant
	RuleOpenTasks  = "open_tasks"  // a move with unfinished tasks below (Param: how many)
	RuleOutside    = "outside"     // the unit is not below the importer's own
	RuleParentOut  = "parent_outside"
	RuleRoot       = "root" // a unit without parent, above the importer's
)

func (e LineError) Error() string { return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Reason) }

var codePattern = regexp.MustCompile(`^[0-9A-Za-z._-]{1,32}$`)

// levelNames maps the Vietnamese and English names of levels to the level.
var levelNames = map[string]string{
	"province": models.LevelProvince, "tinh": models.LevelProvince, "tỉnh": models.LevelProvince, "thành phố trực thuộc trung ương": models.LevelProvince,
	"district": models.LevelDistrict, "huyen": models.LevelDistrict, "huyện": models.LevelDistrict, "quận": models.LevelDistrict, "thị xã": models.LevelDistrict,
	"commune": models.LevelCommune, "xa": models.LevelCommune, "xã": models.LevelCommune, "phường": models.LevelCommune, "thị trấn": models.LevelCommune, "đặc khu": models.LevelCommune,
	"village": models.LevelVillage, "thôn": models.LevelVillage, "tổ dân phố": models.LevelVillage, "ấp": models.LevelVillage, "bản": models.LevelVillage,
}

// Parse reads the whole file. A header row (code,name,level,parent_code) is
// optional. It returns the rows and every line error found; when there are
// errors the rows must not be imported.
func Parse(r io.Reader) ([]Row, []LineError) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var rows []Row
	var errs []LineError
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			errs = append(errs, LineError{Line: line, Field: "csv", Rule: RuleCSV, Reason: err.Error()})
			break
		}
		if len(rec) > 0 {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
		}
		if len(rows) == 0 && len(errs) == 0 && len(rec) > 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "code") {
			continue // header
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < 3 || len(rec) > 4 {
			errs = append(errs, LineError{Line: line, Field: "row", Rule: RuleColumns, Reason: "expected 3 or 4 columns: code,name,level,parent_code"})
			continue
		}
		row := Row{Line: line, Code: strings.TrimSpace(rec[0]), Name: strings.TrimSpace(rec[1]), Level: strings.TrimSpace(rec[2])}
		if len(rec) == 4 {
			row.ParentCode = strings.TrimSpace(rec[3])
		}
		rowErrs := check(&row)
		if prev, dup := seen[row.Code]; dup && row.Code != "" {
			rowErrs = append(rowErrs, LineError{Line: line, Field: "code", Rule: RuleDuplicate, Param: strconv.Itoa(prev), Reason: fmt.Sprintf("duplicate of line %d", prev)})
		}
		seen[row.Code] = line
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		rows = append(rows, row)
	}
	return rows, errs
}

func check(row *Row) []LineError {
	var errs []LineError
	if !codePattern.MatchString(row.Code) {
		errs = append(errs, LineError{Line: row.Line, Field: "code", Rule: RuleCode, Reason: "must be 1–32 letters, digits, dot, dash or underscore"})
	}
	if row.Name == "" || len([]rune(row.Name)) > 200 {
		errs = append(errs, LineError{Line: row.Line, Field: "name", Rule: RuleName, Reason: "required, at most 200 characters"})
	}
	level, ok := levelNames[strings.ToLower(row.Level)]
	if !ok {
		errs = append(errs, LineError{Line: row.Line, Field: "level", Rule: RuleLevel, Reason: "must be province, district, commune or village (or tỉnh, huyện, xã, thôn…)"})
	}
	row.Level = level
	if row.ParentCode == row.Code && row.Code != "" {
		errs = append(errs, LineError{Line: row.Line, Field: "parent_code", Rule: RuleSelfParent, Reason: "a unit cannot be its own parent"})
	}
	return errs
}
