package catalog

import (
	"errors"

	"github.com/socle-portal/socle/internal/validate"
)

// Check returns every problem of in's fields at once (its zones included),
// as Create and Update would find them, without writing anything: a form
// that has problems of its own shows them all together.
func (s *Service) Check(in Input) error {
	var all validate.Errors
	for _, err := range []error{in.validate(), s.checkZones(in.Zones)} {
		var v *validate.Errors
		if errors.As(err, &v) {
			for f, keys := range v.Fields {
				for _, k := range keys {
					all.Add(f, k)
				}
			}
		}
	}
	return all.Err()
}
