package account

import (
	"context"
	"fmt"
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
	}
}

// hit counts an attempt on each key and refuses once any limit is passed.
func (s *Service) hit(ctx context.Context, checks ...limitCheck) error {
	return s.limit(ctx, s.store.Hit, 0, checks)
}

// peek refuses when a limit is already reached, without counting.
func (s *Service) peek(ctx context.Context, checks ...limitCheck) error {
	return s.limit(ctx, s.store.Peek, 1, checks)
}

type counter func(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error)

// limit reads each check's count with count and refuses, with the longest
// wait, when one exceeds its rate minus slack.
func (s *Service) limit(ctx context.Context, count counter, slack int, checks []limitCheck) error {
	now := s.now()
	var worst time.Duration
	for _, c := range checks {
		if c.rate.N == 0 || c.key == "" {
			continue
		}
		n, reset, err := count(ctx, c.key, c.rate.Per, now)
		if err != nil {
			return err
		}
		if n > c.rate.N-slack && reset.Sub(now) > worst {
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
