// Package checklists checks checklist templates, checks and scores the
// answers an inspector gives, and holds the built-in checklist.
//
// A checklist is data (models.ChecklistDef): saved as JSON, versioned by
// the store, and kept by an inspection at the version it started with.
// Validate says what a sound checklist is, so a broken one is refused when
// it is saved, with the JSON path of every bad field, rather than on an
// inspector's phone in the middle of a visit. CheckAnswers and Score are
// the one reading of answers: the API checks a draft or a submission with
// the first, and the score on submit comes from the second.
//
// Like packages forms and templates, everything here is pure: no I/O, no
// clock, no map order in any result. It imports models and the standard
// library only, so workflows may use it too.
package checklists
