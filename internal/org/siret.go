package org

// laPoste is the SIRET of La Poste, which fails the Luhn check and is
// valid all the same (udata's exception).
const laPoste = "35600000000048"

// checkBusinessNumber returns the problem key of a SIRET or SIREN, or "".
// A SIREN has 9 digits, a SIRET 14; both carry a Luhn check digit.
func checkBusinessNumber(s string) string {
	if s == "" {
		return ""
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return "siret.digits"
		}
	}
	switch {
	case len(s) != 9 && len(s) != 14:
		return "siret.length"
	case s == laPoste:
		return ""
	case !luhn(s[:9]) || (len(s) == 14 && !luhn(s)):
		return "siret.invalid"
	}
	return ""
}

func luhn(s string) bool {
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// SIREN returns the 9-digit company number of a SIRET or SIREN.
func SIREN(businessNumber string) string {
	if len(businessNumber) >= 9 {
		return businessNumber[:9]
	}
	return businessNumber
}
