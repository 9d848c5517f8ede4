package clinic

import "github.com/mesokit/meso/internal/civil"

// Date is a calendar day without a time of day or a location; it is the same
// type as course.Date and screening.Date.
type Date = civil.Date

// DateRange is an inclusive run of days, From through To; it is the same type
// as course.DateRange and screening.DateRange.
type DateRange = civil.Range
