package schedule

import (
	"errors"
	"fmt"
	"io"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/strictjson"
)

// Load reads a clinic's own protocol written in the JSON form that
// encoding/json writes for a Protocol (json.Marshal of a built-in protocol
// is a template to start from):
//
//	{"id": "house-weekly", "name": "House weekly course",
//	 "phases": [{"name": "main", "gap": {"min": 6, "preferred": 7, "max": 8}}],
//	 "sessions": {"min": 6, "max": 10, "default": 8},
//	 "sources": ["clinic protocol 2027"]}
//
// It is strict: an unknown field, a key given twice, a value of the wrong
// type, input over MaxProtocolBytes, or a protocol Validate rejects is a
// *FieldError naming the field.
func Load(r io.Reader) (Protocol, error) {
	data, err := strictjson.ReadAll(r, MaxProtocolBytes)
	if err != nil {
		return Protocol{}, &meso.FieldError{Field: "protocol", Err: fmt.Errorf("%w: %v", meso.ErrTooLarge, err)}
	}
	var p Protocol
	if err := p.UnmarshalJSON(data); err != nil {
		return Protocol{}, err
	}
	return p, nil
}

// UnmarshalJSON reads a protocol strictly, as Load does, and
// validates it. On error p is unchanged.
func (p *Protocol) UnmarshalJSON(data []byte) error {
	if len(data) > MaxProtocolBytes {
		return &meso.FieldError{Field: "protocol", Err: fmt.Errorf("%w: more than %d bytes", meso.ErrTooLarge, MaxProtocolBytes)}
	}
	type plain Protocol // without this method
	var v plain
	if err := strictjson.Decode(data, &v); err != nil {
		var se *strictjson.Error
		if !errors.As(err, &se) {
			return &meso.FieldError{Field: "protocol", Err: fmt.Errorf("%w: %v", meso.ErrInvalid, err)}
		}
		field, why := se.Path, strictjson.Reason(se.Err)
		if field == "" {
			field = "protocol"
		}
		return &meso.FieldError{Field: field, Err: why}
	}
	q := Protocol(v)
	if err := q.Validate(); err != nil {
		return err
	}
	*p = q
	return nil
}
