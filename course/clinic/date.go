package clinic

import "github.com/mesokit/meso"

// Date is a calendar day without a time of day or a location; it is the same
// type as meso.Date and meso.Date.
type Date = meso.Date

// DateRange is an inclusive run of days, From through To; it is the same type
// as meso.DateRange and meso.DateRange.
type DateRange = meso.DateRange
