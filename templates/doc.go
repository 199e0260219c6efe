// Package templates checks process templates and holds the built-in ones.
//
// A template is data (models.TemplateDef): it is saved as JSON, versioned by
// the store, and read by the process workflows. Validate is the one place
// that says what a sound template is, so a broken one is refused when it is
// saved, with the JSON path of every bad field, rather than when a campaign
// over three thousand communes launches from it.
//
// Like package forms, everything here is pure: no I/O, no clock, no map
// order in any result. It imports models and forms only, so workflows may
// use it too.
package templates
