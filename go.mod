module github.com/mesokit/meso

go 1.24

require (
	github.com/arran4/golang-ical v0.3.4
	github.com/google/go-cmp v0.7.0
	pgregory.net/rapid v1.3.0
)
