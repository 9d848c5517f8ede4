module github.com/mesokit/meso/benchmarks

go 1.24

require (
	github.com/looplab/fsm v1.0.3
	github.com/mesokit/meso v0.0.0
	github.com/qmuntal/stateless v1.7.2
	github.com/teambition/rrule-go v1.8.2
)

replace github.com/mesokit/meso => ../
