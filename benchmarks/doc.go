// Package benchmarks measures meso side by side with the libraries a Go
// developer would otherwise use, in one go test -bench run: expansion against
// github.com/teambition/rrule-go and a plain AddDate loop, the course state
// machine against github.com/qmuntal/stateless and github.com/looplab/fsm,
// and screening, aftercare and the planning of many courses on their own.
// It is a module of its own so that importers of meso never see these
// libraries. README.md has the results; the ratios command (ratios/) turns
// a run into them.
package benchmarks
