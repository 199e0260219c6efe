package store

import (
	"fmt"

	"gorm.io/gorm"

	"dsflow/models"
	"dsflow/unitcsv"
)

// checkImportScope lists the lines of an import by an admin of scope that
// reach outside it: a unit already in the database that is not strictly
// below the scope's own unit (the admin's own unit, one above it or one of
// another branch), a unit without parent (a new top of the tree), and a
// parent taken from the database outside the scope. A parent named by
// another line of the file is that line's business: it is checked on its
// own line, so a chain of new units ends in the database inside the scope
// or is refused. Every line is checked, so that all show at once.
func checkImportScope(tx *gorm.DB, scope Scope, rows []unitcsv.Row) ([]unitcsv.LineError, error) {
	inFile := make(map[string]bool, len(rows))
	codes := make([]string, 0, 2*len(rows))
	for _, r := range rows {
		inFile[r.Code] = true
		codes = append(codes, r.Code)
		if r.ParentCode != "" {
			codes = append(codes, r.ParentCode)
		}
	}
	known, err := unitsByCode(tx, codes)
	if err != nil {
		return nil, err
	}
	var lines []unitcsv.LineError
	for _, r := range rows {
		if u, ok := known[r.Code]; ok && (u.Path == scope.Path || !models.PathContains(scope.Path, u.Path)) {
			lines = append(lines, unitcsv.LineError{Line: r.Line, Field: "code", Rule: unitcsv.RuleOutside, Param: r.Code,
				Reason: "unit " + r.Code + " is not below your own unit"})
			continue
		}
		switch p, ok := known[r.ParentCode]; {
		case r.ParentCode == "":
			lines = append(lines, unitcsv.LineError{Line: r.Line, Field: "parent_code", Rule: unitcsv.RuleRoot,
				Reason: "a unit without parent would be above your own unit"})
		case !inFile[r.ParentCode] && ok && !models.PathContains(scope.Path, p.Path):
			lines = append(lines, unitcsv.LineError{Line: r.Line, Field: "parent_code", Rule: unitcsv.RuleParentOut, Param: r.ParentCode,
				Reason: "parent " + r.ParentCode + " is outside your subtree"})
		}
	}
	return lines, nil
}

// unitsByCode loads the units that have one of codes, by code.
func unitsByCode(tx *gorm.DB, codes []string) (map[string]models.Unit, error) {
	out := map[string]models.Unit{}
	// Bounded chunks keep the IN list under every database's limit of
	// bound parameters.
	for start := 0; start < len(codes); start += 500 {
		var units []models.Unit
		if err := tx.Where("code IN ?", codes[start:min(start+500, len(codes))]).Find(&units).Error; err != nil {
			return nil, fmt.Errorf("load units by code: %w", err)
		}
		for _, u := range units {
			out[*u.Code] = u
		}
	}
	return out, nil
}
