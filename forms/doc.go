// Package forms checks a task's form definition and the data an assignee
// submits against it, and reduces that data to the canonical form that is
// stored and hashed for a sign-off.
//
// Everything here is pure and deterministic: the functions are called from
// Temporal workflow Update validators, which are replayed and must return the
// same answer every time. So there is no I/O, no clock, no goroutines, and no
// output that depends on map iteration order — fields are visited in spec
// order and any set of map keys is sorted before it is used.
package forms
