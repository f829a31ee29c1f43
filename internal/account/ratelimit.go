package account

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Rate allows N events per window Per. A zero N disables the limit.
type Rate struct {
	N   int
	Per time.Duration
}

// ParseRate reads "N/duration", such as "10/15m" or "5/1h".
func ParseRate(s string) (Rate, error) {
	n, per, ok := strings.Cut(s, "/")
	if !ok {
		return Rate{}, fmt.Errorf("rate %q: want N/duration, such as 10/15m", s)
	}
	count, err := strconv.Atoi(n)
	if err != nil || count < 0 {
		return Rate{}, fmt.Errorf("rate %q: bad count", s)
	}
	d, err := time.ParseDuration(per)
	if err != nil || d <= 0 {
		return Rate{}, fmt.Errorf("rate %q: bad duration", s)
	}
	return Rate{N: count, Per: d}, nil
}

func (r Rate) String() string { return strconv.Itoa(r.N) + "/" + r.Per.String() }

// Limits are the account rate limits. Counters live in the database so that
// every instance of socle sees the same counts.
type Limits struct {
	LoginAccount  Rate // failed logins per account
	LoginIP       Rate // failed logins per IP
	SignupIP      Rate // sign-ups per IP
	SignupAddress Rate // sign-ups (and confirmation resends) per address
	ResetIP       Rate // reset requests per IP
	ResetAddress  Rate // reset requests (and e-mail changes) per address
	Export        Rate // downloads of "my data" per account
}

// DefaultLimits are generous for people and tight for scripts.
func DefaultLimits() Limits {
	return Limits{
		LoginAccount:  Rate{10, 15 * time.Minute},
		LoginIP:       Rate{50, 15 * time.Minute},
		SignupIP:      Rate{10, time.Hour},
		SignupAddress: Rate{3, time.Hour},
		ResetIP:       Rate{10, time.Hour},
		ResetAddress:  Rate{3, time.Hour},
		Export:        Rate{5, 24 * time.Hour},
	}
}

// reserve counts one attempt on each key before the attempt is judged, so
// that a burst of concurrent attempts cannot all pass a check made before
// any of them is counted. When a limit is passed, nothing stays counted and
// the attempt is refused; give the narrowest key first. Otherwise the caller
// keeps the reservation when the attempt fails, and gives it back with
// refund when it succeeds; refund forgets the whole counter of the keys
// named in clear (a successful login clears its account's failures).
func (s *Service) reserve(ctx context.Context, checks ...limitCheck) (refund func(ctx context.Context, clear ...string) error, err error) {
	now := s.now()
	type hit struct {
		key   string
		start time.Time // of the window the attempt was counted in
	}
	var taken []hit
	refund = func(ctx context.Context, clear ...string) error {
		for _, h := range taken {
			var err error
			if slices.Contains(clear, h.key) {
				err = s.store.ClearHits(ctx, h.key)
			} else {
				err = s.store.Unhit(ctx, h.key, h.start)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	for _, c := range checks {
		if c.rate.N == 0 || c.key == "" {
			continue
		}
		n, reset, err := s.store.Hit(ctx, c.key, c.rate.Per, now)
		if err != nil {
			return nil, errors.Join(err, refund(ctx))
		}
		taken = append(taken, hit{c.key, reset.Add(-c.rate.Per)})
		if n > c.rate.N {
			// Stop at the first refusal: a refused attempt left counted on
			// the next key would refuse, for a moment, attempts within it.
			return nil, errors.Join(retryAfter(reset.Sub(now)), refund(ctx))
		}
	}
	return refund, nil
}

// hit counts an attempt on each key and refuses, with the longest wait, once
// any limit is passed. Refused attempts stay counted.
func (s *Service) hit(ctx context.Context, checks ...limitCheck) error {
	now := s.now()
	var worst time.Duration
	for _, c := range checks {
		if c.rate.N == 0 || c.key == "" {
			continue
		}
		n, reset, err := s.store.Hit(ctx, c.key, c.rate.Per, now)
		if err != nil {
			return err
		}
		if n > c.rate.N && reset.Sub(now) > worst {
			worst = reset.Sub(now)
		}
	}
	return retryAfter(worst)
}

func retryAfter(d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if d < time.Second {
		d = time.Second
	}
	return &RateLimitError{RetryAfter: d}
}

type limitCheck struct {
	key  string
	rate Rate
}

func ipKey(action, ip string) string {
	if ip == "" {
		return ""
	}
	return action + ":ip:" + ip
}
