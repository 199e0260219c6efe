package models

import "regexp"

// partKeyPattern is the format of the keys that name the parts of a saved
// definition: a process template's steps and indicators, a checklist's
// sections and items. They name form prefills, targets in a launch,
// spreadsheet columns and answers, so they are short lower-case ASCII.
var partKeyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// templateKeyPattern is the format of the key of a process or checklist
// template, which a launch or an inspection names ("campaign-srh-fp",
// "inspection-dskhhgd"). It starts with a letter, so a key is never
// mistaken for a numeric ID; 60 characters fit the key columns.
var templateKeyPattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,59}$`)

// PartKeyFormat is the pattern of a part key, for error parameters.
func PartKeyFormat() string { return partKeyPattern.String() }

// CheckPartKey reports what is wrong with the part key at path, or nil:
// blank (rule required), malformed (format), or used before, at firstUse
// (unique; firstUse is "" when the key is new). A definition reports a key
// used twice where it is used again, naming the first use.
func CheckPartKey(path, key, firstUse string) *FieldError {
	switch {
	case key == "":
		return &FieldError{Field: path, Rule: "required"}
	case !partKeyPattern.MatchString(key):
		return &FieldError{Field: path, Rule: "format", Param: partKeyPattern.String()}
	case firstUse != "":
		return &FieldError{Field: path, Rule: "unique", Param: firstUse}
	}
	return nil
}

// ValidTemplateKey reports whether key is a well-formed key of a process or
// checklist template.
func ValidTemplateKey(key string) bool { return templateKeyPattern.MatchString(key) }

// TemplateKeyFormat is the pattern of a template key, for error parameters.
func TemplateKeyFormat() string { return templateKeyPattern.String() }
